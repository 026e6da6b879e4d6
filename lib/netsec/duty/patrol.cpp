// The homepage patrol: fetch, read, compare, keep, and open an incident when asked.
#include "netsec/duty/patrol.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"
#include "netsec/duty/patrol_page.hpp"
#include "netsec/evidence/evidence.hpp"
#include "netsec/filing/filing.hpp"
#include "netsec/filing/numbers.hpp"
#include "netsec/incident/incident.hpp"
#include "netsec/io/values.hpp"

#include <nlohmann/json.hpp>
#include <zstd.h>

namespace netsec::duty {

namespace {

using json = nlohmann::ordered_json;

std::string compressed(std::string_view bytes) {
    std::string out(ZSTD_compressBound(bytes.size()), '\0');
    std::size_t n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), 9);
    if (ZSTD_isError(n)) throw Error(Exit::software, _f("zstd could not compress the page: {}", ZSTD_getErrorName(n)));
    out.resize(n);
    return out;
}

json list_json(const std::vector<std::string>& items) {
    json a = json::array();
    for (const auto& i : items) a.push_back(i);
    return a;
}

} // namespace

std::vector<std::string> list_of(const std::string& text) {
    std::vector<std::string> out;
    auto j = json::parse(text.empty() ? "[]" : text, nullptr, false);
    if (j.is_array())
        for (const auto& v : j)
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

std::string patrol_owner(std::int64_t id) { return "PAT-" + std::to_string(id); }

std::string url_host(const std::string& url) {
    auto scheme = url.find("://");
    if (scheme == std::string::npos) return "";
    auto rest = url.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
    if (!rest.empty() && rest.front() == '[') {
        rest = rest.substr(0, rest.find(']') + 1);
    } else {
        rest = rest.substr(0, rest.find(':'));
    }
    return text::lower_ascii(rest);
}

PatrolResult patrol(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                    const PatrolOptions& options, timeutil::Instant now) {
    std::string url = options.url.empty() ? policy.website.url : options.url;
    if (url.empty())
        throw Error(Exit::usage, _("no homepage to patrol: give --url URL or set website.url in the policy"));
    check_patrol_url(url);
    auto fetched = fetch_page(url, options.limits);

    PatrolResult result;
    auto& row = result.row;
    row.url = url;
    row.fetched_at = timeutil::format_rfc3339(now);
    row.by_user = origin.operator_name;
    row.error = fetched.error;
    if (fetched.status) row.status = *fetched.status;
    bool got_page = fetched.error.empty();
    // an error page is kept as evidence but not read as the homepage
    if (got_page && row.status && *row.status >= 400) row.error = _f("the site answered with HTTP status {}", *row.status);
    bool readable = row.error.empty();
    std::vector<std::string> prohibited, shown, missing;
    if (got_page) {
        row.size = static_cast<std::int64_t>(fetched.body.size());
        row.sha256 = hash::sha256_hex(fetched.body);
    }
    if (readable) {
        auto page = page_text_utf8(fetched.body, fetched.content_type);
        auto facts = read_page(page);
        row.title = facts.title;
        prohibited = prohibited_words_in(page, policy.website.prohibited);
        for (const auto& n : facts.numbers) shown.push_back(n.number);
        auto host = url_host(url);
        for (const auto& f : filing::list_filings(db, "", false)) {
            if (f.kind == "mlps" || f.number.empty()) continue;
            if (!host.empty() && !f.site.empty() && f.site != host) continue;
            auto kind = f.kind == "icp" ? filing::NumberKind::icp : filing::NumberKind::psb;
            if (!filing::number_shown(kind, f.number, facts.numbers)) missing.push_back(f.number);
        }
    }
    row.prohibited = list_json(prohibited).dump();
    row.numbers_shown = list_json(shown).dump();
    row.missing_numbers = list_json(missing).dump();

    store::Transaction tx(db);
    if (readable) {
        auto last = store::last_fetched_patrol(db, url);
        row.changed = last && last->sha256 != row.sha256;
    }
    if (!readable) result.findings.push_back("unreachable");
    if (row.changed) result.findings.push_back("changed");
    if (!prohibited.empty()) result.findings.push_back("prohibited");
    if (!missing.empty()) result.findings.push_back("numbers_missing");

    row.id = store::insert_patrol(tx, row);
    evidence::Written written;
    std::string page_zst;
    std::string name = "homepage-" + row.fetched_at.substr(0, 10) + ".html.zst";
    if (got_page) {
        page_zst = compressed(fetched.body);
        auto ev = evidence::add_bytes(tx, policy, origin, patrol_owner(row.id), name, page_zst, now, written);
        row.evidence_id = ev.id;
        store::set_patrol_evidence(tx, row.id, ev.id);
    }
    json details;
    details["url"] = url;
    details["status"] = row.status ? json(*row.status) : json(nullptr);
    details["sha256"] = row.sha256.empty() ? json(nullptr) : json(row.sha256);
    details["findings"] = list_json(result.findings);
    if (!row.error.empty()) details["error"] = row.error;
    journal::append(tx, origin, journal::action::duty_patrolled, patrol_owner(row.id), details);

    if (options.open_incident && readable && (!prohibited.empty() || !missing.empty())) {
        incident::OpenRequest req;
        req.category = "DEF";
        req.grade = "IV";
        req.source = "netsec-duty";
        req.discovered_at = now;
        req.title = !prohibited.empty() ? _f("the homepage holds prohibited words: {}", fmt::join(prohibited, ", "))
                                        : _f("the homepage no longer shows the filing numbers {}", fmt::join(missing, ", "));
        req.description = _f("patrol {} of {} at {}; SHA-256 {}", patrol_owner(row.id), url, row.fetched_at, row.sha256);
        auto inc = incident::open_incident(db, policy, origin, req, now);
        evidence::add_bytes(tx, policy, origin, inc.id, name, page_zst, now, written);
        row.incident_id = inc.id;
        store::set_patrol_incident(tx, row.id, inc.id);
    }
    tx.commit();
    written.keep();
    return result;
}

const std::vector<io::Column>& patrol_fields() {
    using io::Kind;
    static const std::vector<io::Column> fields = {
        {"patrol_id"}, {"url"}, {"fetched_at", Kind::time}, {"status", Kind::integer},
        {"size_bytes", Kind::integer}, {"sha256", Kind::text, false}, {"title"}, {"changed"},
        {"prohibited"}, {"numbers_shown", Kind::text, false}, {"missing_numbers"}, {"error"}, {"findings"},
        {"evidence_id", Kind::integer}, {"incident_id"}, {"operator"}};
    return fields;
}

io::Records patrol_records(const std::vector<PatrolResult>& results) {
    using io::text_or_null;
    auto joined = [](const std::vector<std::string>& items) {
        std::string out;
        for (const auto& i : items) out += (out.empty() ? "" : " ") + i;
        return text_or_null(out);
    };
    return io::records_of(patrol_fields(), results, [&](const PatrolResult& p) {
        const auto& r = p.row;
        json j;
        j["patrol_id"] = patrol_owner(r.id);
        j["url"] = r.url;
        j["fetched_at"] = r.fetched_at;
        j["status"] = r.status ? json(*r.status) : json(nullptr);
        j["size_bytes"] = r.sha256.empty() ? json(nullptr) : json(r.size);
        j["sha256"] = text_or_null(r.sha256);
        j["title"] = text_or_null(r.title);
        j["changed"] = r.changed;
        j["prohibited"] = joined(list_of(r.prohibited));
        j["numbers_shown"] = joined(list_of(r.numbers_shown));
        j["missing_numbers"] = joined(list_of(r.missing_numbers));
        j["error"] = text_or_null(r.error);
        j["findings"] = joined(p.findings);
        j["evidence_id"] = r.evidence_id ? json(*r.evidence_id) : json(nullptr);
        j["incident_id"] = text_or_null(r.incident_id);
        j["operator"] = text_or_null(r.by_user);
        return j;
    });
}

} // namespace netsec::duty
