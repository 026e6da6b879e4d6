#include "netsec/incident/evidence.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

namespace netsec::incident {

std::vector<store::EvidenceRow> add_evidence(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                             const std::string& id, const std::vector<std::string>& files,
                                             Instant now) {
    if (files.empty()) throw Error(Exit::usage, _("name at least one file to keep as evidence"));
    get_incident(db, id);
    return evidence::add_files(db, policy, origin, id, files, now);
}

std::vector<store::EvidenceRow> list_evidence(store::Db& db, const journal::Origin& origin, const std::string& id) {
    get_incident(db, id);
    return evidence::list(db, origin, id);
}

std::vector<EvidenceCheck> verify_evidence(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                           const std::string& id) {
    if (!id.empty()) get_incident(db, id);
    return evidence::verify(db, policy, origin, id, id.empty() ? "INC-" : "");
}

std::vector<std::string> export_evidence(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                         const std::string& id, const std::string& dir) {
    get_incident(db, id);
    if (store::evidence_of(db, id).empty())
        throw Error(Exit::no_input, _f("incident '{}' has no evidence to export", id));
    return evidence::export_to(db, policy, origin, id, dir, "netsec-incident evidence verify " + id);
}

} // namespace netsec::incident
