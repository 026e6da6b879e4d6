#include "netsec/asset/show.hpp"

#include "netsec/asset/records.hpp"
#include "netsec/incident/records.hpp"
#include "netsec/store/asset_history.hpp"

namespace netsec::asset {

using json = nlohmann::ordered_json;

namespace {

json or_null(const std::string& t) { return t.empty() ? json() : json(t); }
json or_null(const std::optional<bool>& b) { return b ? json(*b) : json(); }

} // namespace

json asset_document(store::Db& db, const std::string& tag, Instant now) {
    json doc = asset_record(get_asset(db, tag));
    json sightings = json::array();
    for (const auto& s : store::sightings_of(db, tag, 10))
        sightings.push_back({{"scan_id", s.scan_id},
                             {"scanned_at", s.scanned_at},
                             {"ip", or_null(s.ip)},
                             {"mac", or_null(s.mac)},
                             {"host", or_null(s.hostname)},
                             {"matched_by", s.matched_by},
                             {"ports", s.ports}});
    doc["sightings"] = sightings;
    if (auto av = store::latest_av_state(db, tag))
        doc["antivirus"] = {{"product", or_null(av->product)},
                            {"product_version", or_null(av->product_version)},
                            {"enabled", or_null(av->enabled)},
                            {"realtime", or_null(av->realtime)},
                            {"signature_version", or_null(av->signature_version)},
                            {"signature_updated_at", or_null(av->signature_updated_at)},
                            {"quick_scan_at", or_null(av->quick_scan_at)},
                            {"full_scan_at", or_null(av->full_scan_at)},
                            {"source", av->source},
                            {"imported_at", av->imported_at}};
    else
        doc["antivirus"] = nullptr;
    json detections = json::array();
    for (const auto& d : store::detections_of(db, tag))
        detections.push_back({{"detected_at", d.detected_at},
                              {"threat", or_null(d.threat)},
                              {"path", or_null(d.path)},
                              {"action", or_null(d.action)},
                              {"incident_id", or_null(d.incident_id)}});
    doc["detections"] = detections;
    json visits = json::array();
    for (const auto& v : store::visits_of(db, tag))
        visits.push_back({{"maintained_at", v.at},
                          {"action", v.action},
                          {"fault", or_null(v.fault)},
                          {"maintainer", or_null(v.by_user)},
                          {"outside", or_null(v.outside)}});
    doc["maintenance"] = visits;
    json incidents = json::array();
    incident::ListQuery q;
    q.asset = tag;
    for (const auto& e : incident::find_incidents(db, q, now))
        incidents.push_back({{"incident_id", e.incident.id},
                             {"category", e.incident.category},
                             {"grade", e.incident.grade},
                             {"title", e.incident.title},
                             {"status", e.incident.status},
                             {"discovered_at", e.incident.discovered_at}});
    doc["incidents"] = incidents;
    return doc;
}

} // namespace netsec::asset
