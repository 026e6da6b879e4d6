#include "netsec/policy/policy.hpp"
#include "netsec/policy/sections.hpp"

#include <fmt/format.h>

namespace netsec::policy {
namespace {

using json = nlohmann::ordered_json;

json person_json(const Person& p) {
    json j;
    j["name"] = p.name;
    j["title"] = p.title;
    j["user"] = p.user;
    j["phone"] = p.phone;
    return j;
}

json people_json(const std::vector<Person>& people) {
    json list = json::array();
    for (const auto& p : people) list.push_back(person_json(p));
    return list;
}

} // namespace

json to_json(const Policy& p) {
    using timeutil::format_duration;
    json j;
    j["file"] = p.file;
    j["sha256"] = p.sha256;
    j["school"] = {{"name", p.school.name},
                   {"name_en", p.school.name_en},
                   {"code", p.school.code},
                   {"county", p.school.county},
                   {"timezone", p.school.timezone}};
    j["state_dir"] = p.state_dir;
    j["state_group"] = p.state_group;
    j["organization"] = {{"leader", person_json(p.organization.leader)},
                         {"members", people_json(p.organization.members)},
                         {"network_administrators", people_json(p.organization.network_administrators)},
                         {"security_officers", people_json(p.organization.security_officers)}};
    json regs = json::array();
    for (const auto& r : p.regulations)
        regs.push_back({{"id", r.id},
                        {"title", r.title},
                        {"title_en", r.title_en},
                        {"document", r.document},
                        {"sha256", r.sha256},
                        {"reviewed", r.reviewed}});
    j["regulations"] = regs;
    json ops = json::array();
    for (const auto& o : p.operators) {
        json rule;
        if (!o.user.empty())
            rule["user"] = o.user;
        else
            rule["group"] = o.group;
        rule["level"] = level_name(o.level);
        ops.push_back(rule);
    }
    j["operators"] = ops;
    json deadlines;
    for (const char* grade : {"I", "II", "III", "IV", "0"}) {
        auto it = p.reporting.deadlines.find(grade); // a loaded policy has all five; a bare struct none
        deadlines[grade] = it == p.reporting.deadlines.end() ? nlohmann::ordered_json()
                                                             : nlohmann::ordered_json(format_duration(it->second));
    }
    j["reporting"] = {{"superior", p.reporting.superior},
                      {"deadlines", deadlines},
                      {"police_within", format_duration(p.reporting.police_within)}};
    json cats = json::array();
    for (const auto& c : p.incidents.categories) {
        json subtypes = json::array();
        for (const auto& st : c.subtypes) subtypes.push_back({{"code", st.code}, {"name", st.name}});
        cats.push_back(
            {{"code", c.code}, {"name", c.name}, {"name_en", c.name_en}, {"police", c.police}, {"subtypes", subtypes}});
    }
    json recipients = json::object();
    for (const auto& [code, r] : p.incidents.recipients)
        recipients[code] = {{"name", r.name}, {"role", role_name(r.role)}};
    json playbooks = json::object();
    for (const auto& [code, steps] : p.incidents.playbooks) playbooks[code] = steps;
    j["incidents"] = {{"import_severity", finding::severity_name(p.incidents.import_severity)},
                      {"events", p.incidents.events},
                      {"reopen_after", format_duration(p.incidents.reopen_after)},
                      {"recipients", recipients},
                      {"categories", cats},
                      {"playbooks", playbooks}};
    const Accounts& a = p.accounts;
    json default_level = json::object();
    for (const auto& [kind, level] : a.default_level) default_level[kind] = level;
    j["accounts"] = {{"password_length", a.password_length},
                     {"password_alphabet", a.password_alphabet},
                     {"pupil_username", a.pupil_username},
                     {"levels", a.levels},
                     {"default_level", default_level},
                     {"slip_text", a.slip_text},
                     {"ldap",
                      {{"base_dn", a.ldap.base_dn},
                       {"uid_start", a.ldap.uid_start},
                       {"gid_start", a.ldap.gid_start},
                       {"home", a.ldap.home},
                       {"shell", a.ldap.shell}}},
                     {"logins",
                      {{"max_machines_per_day", a.logins.max_machines_per_day},
                       {"hours", fmt::format("{:02d}:{:02d}-{:02d}:{:02d}", a.logins.day_from / 60,
                                             a.logins.day_from % 60, a.logins.day_until / 60, a.logins.day_until % 60)},
                       {"lent_severity", finding::severity_name(a.logins.lent_severity)}}}};
    const Thresholds& t = p.thresholds;
    j["thresholds"] = {{"password_max_age", format_duration(t.password_max_age)},
                       {"password_grace", format_duration(t.password_grace)},
                       {"stale_account", format_duration(t.stale_account)},
                       {"antivirus_signature_age", format_duration(t.antivirus_signature_age)},
                       {"backup_verify_within", format_duration(t.backup_verify_within)},
                       {"restore_drill_within", format_duration(t.restore_drill_within)},
                       {"emergency_drill_within", format_duration(t.emergency_drill_within)},
                       {"log_retention", format_duration(t.log_retention)},
                       {"regulation_review", format_duration(t.regulation_review)}};
    json exceptions = json::array();
    for (const auto& e : p.audit.exceptions)
        exceptions.push_back({{"check", e.check},
                              {"subject", e.subject},
                              {"reason", e.reason},
                              {"approved_by", e.approved_by},
                              {"expires", e.expires}});
    json due = json::object();
    for (finding::Severity s : finding::severities) {
        auto it = p.audit.due.find(s);
        if (it != p.audit.due.end()) due[finding::severity_name(s)] = format_duration(it->second);
    }
    j["audit"] = {{"due", due}, {"exceptions", exceptions}};
    json jobs = json::array();
    for (const auto& b : p.backup.jobs) {
        json job = {{"name", b.name}};
        if (b.command.empty())
            job["sources"] = b.sources;
        else {
            job["command"] = b.command;
            job["stdin_name"] = b.stdin_name;
        }
        job["exclude"] = b.exclude;
        job["schedule"] = format_duration(b.schedule);
        job["destinations"] = b.destinations;
        job["keep"] = {{"last", b.keep.last},
                       {"daily", b.keep.daily},
                       {"weekly", b.keep.weekly},
                       {"monthly", b.keep.monthly},
                       {"yearly", b.keep.yearly}};
        job["compression"] = b.compression;
        job["passphrase_file"] = b.passphrase_file.empty() ? json() : json(b.passphrase_file);
        jobs.push_back(std::move(job));
    }
    j["backup"] = {{"jobs", jobs}};
    json kinds = json::array();
    for (const auto& k : p.assets.kinds) kinds.push_back({{"code", k.code}, {"name", k.name}});
    json approved = json::array();
    for (const auto& a : p.assets.antivirus.approved)
        approved.push_back({{"product", a.product}, {"licence", a.licence}});
    json av_map = json::object();
    for (const auto& [field, header] : p.assets.antivirus.map) av_map[field] = header;
    const Assets& as = p.assets;
    j["assets"] = {{"kinds", kinds},
                   {"tag_pattern", as.tag_pattern},
                   {"unseen_after", format_duration(as.unseen_after)},
                   {"antivirus",
                    {{"approved", approved},
                     {"date_order", as.antivirus.date_order.empty() ? json() : json(as.antivirus.date_order)},
                     {"map", av_map},
                     {"outbreak_machines", as.antivirus.outbreak_machines}}},
                   {"credentials", {{"max_age", format_duration(as.credential_max_age)}}}};
    j["journal"] = {{"heads_file", p.journal.heads_file.empty() ? nlohmann::ordered_json()
                                                                : nlohmann::ordered_json(p.journal.heads_file)}};
    j["calendar"] = calendar_json(p.calendar);
    j["training"] = training_json(p.training);
    j["duty"] = duty_json(p.duty);
    j["website"] = website_json(p.website);
    j["filing"] = filing_json(p.filing);
    return j;
}

} // namespace netsec::policy
