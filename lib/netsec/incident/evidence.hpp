// An incident's evidence, through the one evidence mechanism (netsec/evidence): originals
// copied into the state folder read-only with their SHA-256, re-hashed on demand, exported with
// a SHA256SUMS file, every access journaled. Here only what is an incident's own: the incident
// must exist, and "every incident" means every owner that is one.
#pragma once
#include "netsec/evidence/evidence.hpp"
#include "netsec/incident/incident.hpp"

#include <string>
#include <vector>

namespace netsec::incident {

using EvidenceCheck = evidence::Check;

// evidence::add_files for an incident that exists (else Error(no_input)).
std::vector<store::EvidenceRow> add_evidence(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                             const std::string& id, const std::vector<std::string>& files, Instant now);

// The evidence of `id`; the look is journaled.
std::vector<store::EvidenceRow> list_evidence(store::Db& db, const journal::Origin& origin, const std::string& id);

// evidence::verify for `id`, or every incident's evidence when "".
std::vector<EvidenceCheck> verify_evidence(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                           const std::string& id);

// evidence::export_to for `id`; Error(no_input) when it has none.
std::vector<std::string> export_evidence(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                         const std::string& id, const std::string& dir);

} // namespace netsec::incident
