#include "netsec/incident/log.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace netsec::incident {
namespace {

using json = nlohmann::ordered_json;

// Headings and labels, each in both languages; the log and form print one of them.
struct Label {
    const char* en;
    const char* zh;
};

const std::map<std::string, Label>& labels() {
    static const std::map<std::string, Label> all = {
        {"log_title", {"Security log", "网络安全日志"}},
        {"form_title", {"Network-security incident report", "网络安全事件报告表"}},
        {"school", {"School", "学校"}},
        {"period", {"Period", "期间"}},
        {"id", {"Incident", "事件编号"}},
        {"title", {"Title", "事件名称"}},
        {"category", {"Category", "事件类别"}},
        {"grade", {"Grade", "事件等级"}},
        {"discovered", {"Discovered", "发现时间"}},
        {"opened_by", {"Recorded by", "登记人"}},
        {"asset", {"Machine", "涉及设备"}},
        {"account", {"Account", "涉及账号"}},
        {"description", {"Description", "事件经过"}},
        {"deadline", {"Report due", "应报时间"}},
        {"reports", {"Reported", "报告情况"}},
        {"on_time", {"On time", "是否按时"}},
        {"records", {"Original records", "原始记录"}},
        {"actions", {"Actions", "处置过程"}},
        {"closure", {"Closure", "处置结果"}},
        {"lessons", {"Lessons", "经验教训"}},
        {"none", {"none", "无"}},
        {"yes", {"yes", "是"}},
        {"no", {"no", "否"}},
        {"pending", {"not yet due", "未到期"}},
        {"overdue", {"OVERDUE", "已超时未报"}},
        {"on_time_state", {"on time", "按时"}},
        {"late", {"late", "超时"}},
        {"open", {"still open", "尚未结案"}},
        {"count", {"Incidents", "事件数"}},
        {"reporter", {"Reporting unit", "报告单位"}},
        {"contact", {"Contact", "联系人"}},
        {"superior", {"To", "报送单位"}},
        {"status", {"Current status", "目前状态"}},
        {"steps", {"Checklist", "处置清单"}},
        {"police", {"Police", "公安机关"}},
        {"rectify", {"Rectify by", "整改期限"}},
        {"report", {"Superiors", "上级"}},
        {"signature", {"Principal (signature)", "校长签字"}},
        {"date", {"Date", "日期"}},
        {"internal", {"internal", "内部"}},
        {"void", {"VOID", "已作废"}},
        {"void_state", {"void", "已作废"}},
        {"void_label", {"Void", "作废"}},
        {"duplicate_of", {"duplicate of", "重复于"}},
        {"superior_told", {"Superiors told", "上级知悉"}},
        {"superior_on_time", {"told on time", "已按时报告上级"}},
        {"superior_late", {"told LATE", "报告上级超时"}},
        {"superior_not_told", {"NOT told", "未报告上级"}},
        {"superior_not_yet", {"not yet told (not yet due)", "尚未报告上级（未到期）"}},
        {"ref", {"ref", "文号"}},
    };
    return all;
}

std::string L(const std::string& key, Lang lang) {
    const Label& l = labels().at(key);
    return lang == Lang::zh ? l.zh : l.en;
}

std::string local(const std::string& rfc3339, const policy::Policy& p) {
    if (rfc3339.empty()) return "";
    return timeutil::format_local(timeutil::parse_time(rfc3339, "UTC"), p.school.timezone);
}

// What the timeline's kinds, the report channels and the file sizes read as in each language:
// a Chinese document holds no English word (a code the table lacks shows as 记录 there).
const Labels& kind_labels() {
    static const Labels all = {{"note", "记录", "note"},           {"correction", "更正", "correction"},
                               {"regrade", "调整定级", "regrade"}, {"assign", "指派", "assign"},
                               {"reopen", "重新处置", "reopen"},   {"step", "处置步骤", "step"},
                               {"void", "作废", "void"},           {"edit", "更正登记", "edit"}};
    return all;
}

const Labels& channel_labels() {
    static const Labels all = {{"phone", "电话", "phone"},
                               {"document", "公文", "document"},
                               {"online", "网上报送", "online"},
                               {"in_person", "当面报告", "in person"}};
    return all;
}

std::string kind_label(const std::string& kind, Lang lang) {
    if (lang == Lang::zh && !find_label(kind_labels(), kind)) return "记录";
    return label_of(kind_labels(), kind, lang);
}

std::string channel_label(const std::string& channel, Lang lang) {
    if (lang == Lang::zh && !find_label(channel_labels(), channel)) return "其他方式";
    return label_of(channel_labels(), channel, lang);
}

std::string category_label(const policy::Policy& p, const Incident& inc, Lang lang) {
    const policy::Category* c = policy::find_category(p, inc.category);
    std::string name = c ? label_text({c->code, c->name, c->name_en}, lang) : "";
    // In Chinese the category's name alone: its code is an English abbreviation.
    if (lang == Lang::zh && !name.empty()) {
        std::string out = name;
        for (const auto& st : c->subtypes)
            if (st.code == inc.subtype) out += " / " + st.name;
        return out;
    }
    std::string out = inc.category + (name.empty() ? "" : " " + name);
    if (c && !inc.subtype.empty())
        for (const auto& st : c->subtypes)
            if (st.code == inc.subtype) out += " / " + st.name;
    return out;
}

// Chinese writes a grade as its name and its Roman numeral, as the national plans do:
// 一般（Ⅳ级）; the numerals are the Unicode ones (Ⅰ Ⅱ Ⅲ Ⅳ), not Latin letters.
std::string grade_label(const std::string& grade, Lang lang) {
    if (lang != Lang::zh) return grade;
    static const std::map<std::string, std::string> numerals = {{"I", "Ⅰ"}, {"II", "Ⅱ"}, {"III", "Ⅲ"}, {"IV", "Ⅳ"}};
    std::string name = label_of(grade_labels(), grade, Lang::zh);
    auto n = numerals.find(grade);
    return n == numerals.end() ? name : name + "（" + n->second + "级）";
}

std::string state_label(const std::string& state, Lang lang) {
    return L(state == "on_time" ? "on_time_state" : state == "void" ? "void_state" : state, lang);
}

// An imported finding's Chinese title in a Chinese document, else the title.
std::string title_in(const Incident& inc, Lang lang) {
    return lang == Lang::zh && !inc.title_zh.empty() ? inc.title_zh : inc.title;
}

std::string recipient_name(const policy::Policy& p, const std::string& code) {
    auto it = p.incidents.recipients.find(code);
    return it == p.incidents.recipients.end() ? code : it->second.name;
}

// "2026-03-01 10:00 示例县教育局（电话，文号 123）" a report; one to an internal recipient
// says so, as it stops no clock.
std::vector<std::string> report_lines(const policy::Policy& p, const LogEntry& e, Lang lang) {
    std::vector<std::string> out;
    const bool zh = lang == Lang::zh;
    for (const auto& r : e.reports) {
        std::string to = recipient_name(p, r.recipient);
        if (r.role == "internal") to += zh ? "（" + L("internal", lang) + "）" : " (" + L("internal", lang) + ")";
        std::string how = channel_label(r.channel, lang) + (zh ? "，" : ", ") + L("ref", lang) + " " + r.reference;
        out.push_back(local(r.reported_at, p) + " " + to + (zh ? "（" + how + "）" : " (" + how + ")"));
    }
    return out;
}

// Whether the superiors were told, on time or late: what an inspector reads first.
std::string superior_told(const policy::Policy& p, const LogEntry& e, Lang lang) {
    const Clock& c = e.clocks.front();
    std::string due = timeutil::format_local(c.due, p.school.timezone);
    auto aside = [&](const std::string& text) { return lang == Lang::zh ? "（" + text + "）" : " (" + text + ")"; };
    if (c.state == "on_time") return L("superior_on_time", lang);
    if (c.state == "late")
        return L("superior_late", lang) + aside(due + " → " + timeutil::format_local(*c.met, p.school.timezone));
    if (c.state == "overdue") return L("superior_not_told", lang) + aside(due);
    if (c.state == "void") return L("void_state", lang);
    return L("superior_not_yet", lang) + aside(due);
}

std::vector<std::string> evidence_lines(const LogEntry& e, Lang lang) {
    std::vector<std::string> out;
    for (const auto& ev : e.evidence)
        out.push_back(lang == Lang::zh ? ev.name + "（" + std::to_string(ev.size) + " 字节，校验值 " + ev.sha256 + "）"
                                       : ev.name + " (" + std::to_string(ev.size) + " B, SHA-256 " + ev.sha256 + ")");
    return out;
}

} // namespace

std::string step_text(const std::string& text, Lang lang) {
    // A playbook step written "中文（English）" or "中文 (English)": the part in the document's
    // language. Only a trailing parenthesis of ASCII text with a letter in it counts as English.
    for (const std::string& open : {std::string("（"), std::string("(")}) {
        const std::string close = open == "(" ? ")" : "）";
        if (text.size() <= close.size() || text.compare(text.size() - close.size(), close.size(), close) != 0) continue;
        auto at = text.rfind(open);
        if (at == std::string::npos || at == 0) continue;
        std::string inner = text.substr(at + open.size(), text.size() - close.size() - at - open.size());
        std::string before = text.substr(0, at);
        while (!before.empty() && before.back() == ' ') before.pop_back();
        bool ascii = !inner.empty(), letter = false;
        for (unsigned char ch : inner) {
            if (ch >= 0x80) ascii = false;
            if (std::isalpha(ch)) letter = true;
        }
        bool chinese_before = std::any_of(before.begin(), before.end(), [](char ch) { return ch & 0x80; });
        if (ascii && letter && chinese_before) return lang == Lang::zh ? before : inner;
    }
    return text;
}

namespace {

std::vector<std::string> action_lines(const LogEntry& e, const policy::Policy& p, Lang lang) {
    std::vector<std::string> out;
    for (const auto& t : e.timeline) {
        if (t.kind == "open" || t.kind == "report" || t.kind == "close") continue;
        if (t.kind == "step") continue; // the checklist below says it, at the time it was done
        const bool zh = lang == Lang::zh;
        std::string text = t.text;
        auto d = json::parse(t.details, nullptr, false);
        if (t.kind == "regrade" && d.is_object())
            text = grade_label(d.value("from", ""), lang) + " → " + grade_label(d.value("to", ""), lang) +
                   (zh ? "：" : ": ") + t.text;
        if (t.kind == "edit" && d.is_object() && d.contains("changes")) {
            std::string what;
            for (const auto& [field, change] : d["changes"].items())
                what += (what.empty() ? "" : "; ") + field + ": " +
                        (change["from"].is_string() ? change["from"].get<std::string>() : change["from"].dump()) +
                        " → " + (change["to"].is_string() ? change["to"].get<std::string>() : change["to"].dump());
            text = what + (zh ? "（" + t.text + "）" : " (" + t.text + ")");
        }
        std::string when = d.is_object() && d.contains("happened_at") ? d["happened_at"].get<std::string>() : t.at;
        out.push_back(local(when, p) + " " + t.actor +
                      (zh ? " 【" + kind_label(t.kind, lang) + "】" : " [" + t.kind + "] ") + text);
    }
    std::stable_sort(out.begin(), out.end()); // by the time each happened (local times sort as text)
    for (const auto& s : e.steps)
        out.push_back((s.done_at.empty() ? "☐ " : "☑ ") + std::to_string(s.n) + ". " + step_text(s.text, lang) +
                      (s.done_at.empty() ? "" : " — " + local(s.done_at, p) + " " + s.done_by) +
                      (s.note.empty()     ? ""
                       : lang == Lang::zh ? "（" + s.note + "）"
                                          : " (" + s.note + ")"));
    return out;
}

std::string closure_text(const Incident& inc, const policy::Policy& p, Lang lang) {
    if (is_void(inc))
        return L("void", lang) + " " + local(inc.voided_at, p) + " " + inc.void_reason +
               (inc.duplicate_of.empty() ? ""
                : lang == Lang::zh       ? "（" + L("duplicate_of", lang) + " " + inc.duplicate_of + "）"
                                         : " (" + L("duplicate_of", lang) + " " + inc.duplicate_of + ")");
    if (inc.status != "closed") return L("open", lang);
    return local(inc.closed_at, p) + " " + inc.resolution;
}

// One incident as the log and the form print it.
io::KeyValues entry_table(const policy::Policy& p, const LogEntry& e, Lang lang) {
    const Incident& inc = e.incident;
    const std::string none = L("none", lang);
    io::KeyValues t;
    std::string title = title_in(inc, lang);
    if (is_void(inc)) title += lang == Lang::zh ? "【" + L("void", lang) + "】" : " [" + L("void", lang) + "]";
    t.head = io::Pair{L("id", lang), io::Line{{inc.id, true}, {" " + title}}};
    auto add = [&](const char* key, io::Cell value) { t.rows.push_back({L(key, lang), std::move(value)}); };
    add("category", category_label(p, inc, lang));
    add("grade", grade_label(inc.grade, lang));
    add("discovered", local(inc.discovered_at, p) + " — " + L("opened_by", lang) + " " + inc.opened_by);
    if (!inc.asset.empty()) add("asset", inc.asset);
    if (!inc.account.empty()) add("account", inc.account);
    if (!inc.description.empty()) add("description", inc.description);
    add("reports", io::list_cell(report_lines(p, e, lang), none));
    add("superior_told", superior_told(p, e, lang));
    io::Cell clocks;
    for (const auto& c : e.clocks)
        clocks.lines.push_back({{L(c.kind, lang) + " " + timeutil::format_local(c.due, p.school.timezone) + " — " +
                                     state_label(c.state, lang),
                                 false, c.state}});
    add("on_time", clocks);
    add("records", io::list_cell(evidence_lines(e, lang), none));
    add("actions", io::list_cell(action_lines(e, p, lang), none));
    add("closure", closure_text(inc, p, lang));
    add("lessons", inc.lessons.empty() ? none : inc.lessons);
    return t;
}

io::Page page_in(Lang lang) {
    io::Page page;
    page.lang = lang == Lang::zh ? "zh-CN" : "en";
    return page;
}

} // namespace

LogEntry gather_entry(store::Db& db, const std::string& id, Instant now) {
    return gather_entry(db, get_incident(db, id), now);
}

LogEntry gather_entry(store::Db& db, Incident incident, Instant now) {
    const std::string id = incident.id;
    LogEntry e;
    e.incident = std::move(incident);
    e.reports = store::reports_of(db, id);
    e.timeline = store::timeline_of(db, id);
    e.steps = store::steps_of(db, id);
    e.evidence = store::evidence_of(db, id);
    e.clocks = clocks_of(e.incident, e.reports, now);
    return e;
}

std::vector<LogEntry> gather_log(store::Db& db, Instant from, Instant to, Instant now) {
    store::IncidentFilter f;
    f.from = timeutil::format_rfc3339(from);
    f.to = timeutil::format_rfc3339(to);
    std::vector<LogEntry> out;
    for (auto& inc : store::list_incidents(db, f)) out.push_back(gather_entry(db, std::move(inc), now));
    return out;
}

io::Page log_page(const policy::Policy& p, const std::vector<LogEntry>& entries, const std::string& period, Lang lang) {
    io::Page page = page_in(lang);
    page.title = L("log_title", lang);
    page.name = page.title + " " + period;
    page.meta = {{L("school", lang), p.school.name},
                 {L("period", lang), period},
                 {L("count", lang), std::to_string(entries.size())}};
    for (const auto& e : entries)
        page.sections.push_back({{}, {entry_table(p, e, lang)}, true, "incident", e.incident.id});
    return page;
}

io::Page form_page(const policy::Policy& p, const LogEntry& e, Lang lang) {
    io::Page page = page_in(lang);
    page.title = L("form_title", lang);
    page.name = page.title + " " + e.incident.id;
    std::string admin;
    for (const auto& a : p.organization.network_administrators)
        admin += (admin.empty() ? "" : ", ") + a.name + (a.phone.empty() ? "" : " " + a.phone);
    io::KeyValues sender{{},
                         {{L("reporter", lang), p.school.name},
                          {L("superior", lang), p.reporting.superior},
                          {L("contact", lang), admin}}};
    page.sections.push_back(
        {{}, {sender, entry_table(p, e, lang), io::Signatures{{L("signature", lang), L("date", lang)}}}});
    return page;
}

std::string log_html(const policy::Policy& p, const std::vector<LogEntry>& entries, const std::string& period,
                     Lang lang) {
    return io::render_html(log_page(p, entries, period, lang));
}

std::string log_markdown(const policy::Policy& p, const std::vector<LogEntry>& entries, const std::string& period,
                         Lang lang) {
    return io::render_markdown(log_page(p, entries, period, lang));
}

std::string form_html(const policy::Policy& p, const LogEntry& e, Lang lang) {
    return io::render_html(form_page(p, e, lang));
}

std::string form_markdown(const policy::Policy& p, const LogEntry& e, Lang lang) {
    return io::render_markdown(form_page(p, e, lang));
}

json log_row(const LogEntry& e) {
    const Incident& inc = e.incident;
    Clock report = e.clocks.front();
    json r;
    r["incident_id"] = inc.id;
    r["category"] = inc.category;
    r["subtype"] = inc.subtype.empty() ? json() : json(inc.subtype);
    r["grade"] = inc.grade;
    r["title"] = inc.title;
    r["status"] = status_of(inc);
    r["discovered_at"] = inc.discovered_at;
    r["report_due_at"] = inc.report_due_at;
    const store::ReportRow* first = nullptr;
    for (const auto& rep : e.reports)
        if (rep.role == "superior" && (!first || rep.reported_at < first->reported_at)) first = &rep;
    r["reported_at"] = first ? json(first->reported_at) : json();
    r["recipient"] = first ? json(first->recipient) : json();
    r["channel"] = first ? json(first->channel) : json();
    r["reference"] = first ? json(first->reference) : json();
    r["report_state"] = report.state;
    std::string police;
    for (const auto& c : e.clocks)
        if (c.kind == "police") police = c.state;
    r["police_state"] = police.empty() ? json() : json(police);
    r["evidence_count"] = e.evidence.size();
    r["assignee"] = inc.assignee.empty() ? json() : json(inc.assignee);
    r["closed_at"] = inc.closed_at.empty() ? json() : json(inc.closed_at);
    r["resolution"] = inc.resolution.empty() ? json() : json(inc.resolution);
    r["lessons"] = inc.lessons.empty() ? json() : json(inc.lessons);
    r["voided_at"] = inc.voided_at.empty() ? json() : json(inc.voided_at);
    r["void_reason"] = inc.void_reason.empty() ? json() : json(inc.void_reason);
    r["duplicate_of_id"] = inc.duplicate_of.empty() ? json() : json(inc.duplicate_of);
    return r;
}

std::vector<json> stats_rows(const policy::Policy& p, const std::vector<LogEntry>& entries) {
    std::vector<json> out;
    std::map<std::string, int> by_category, by_grade;
    for (const auto& c : p.incidents.categories) by_category[c.code] = 0;
    for (const char* g : {"I", "II", "III", "IV", "0"}) by_grade[g] = 0;
    int reported = 0, on_time = 0, late = 0, overdue_count = 0, voided = 0, counted = 0;
    std::vector<long long> minutes;
    for (const auto& e : entries) {
        if (is_void(e.incident)) { // a mistake or a duplicate: kept in the log, not in the figures
            ++voided;
            continue;
        }
        ++counted;
        ++by_category[e.incident.category];
        ++by_grade[e.incident.grade];
        const Clock& c = e.clocks.front();
        if (c.met) {
            ++reported;
            minutes.push_back((*c.met - timeutil::parse_time(e.incident.discovered_at, "UTC")).count() / 60);
        }
        if (c.state == "on_time") ++on_time;
        if (c.state == "late") ++late;
        if (c.state == "overdue") ++overdue_count;
    }
    for (const auto& c : p.incidents.categories)
        out.push_back({{"dimension", "category"}, {"key", c.code}, {"name", c.name}, {"value", by_category[c.code]}});
    for (const char* g : {"I", "II", "III", "IV", "0"})
        out.push_back({{"dimension", "grade"},
                       {"key", g},
                       {"name", label_of(grade_labels(), g, Lang::zh)},
                       {"value", by_grade[g]}});
    std::sort(minutes.begin(), minutes.end());
    json median;
    if (!minutes.empty()) {
        std::size_t mid = minutes.size() / 2;
        median = minutes.size() % 2 ? minutes[mid] : (minutes[mid - 1] + minutes[mid]) / 2;
    }
    int judged = on_time + late + overdue_count;
    // A percentage with one decimal: 2 of 3 on time is 66.7.
    json percent = judged == 0 ? json() : json(std::round(1000.0 * on_time / judged) / 10);
    out.push_back({{"dimension", "total"}, {"key", "incidents"}, {"name", "事件总数"}, {"value", counted}});
    out.push_back({{"dimension", "total"}, {"key", "void"}, {"name", "已作废（不计入）"}, {"value", voided}});
    out.push_back({{"dimension", "reporting"}, {"key", "reported"}, {"name", "已报告"}, {"value", reported}});
    out.push_back({{"dimension", "reporting"}, {"key", "on_time"}, {"name", "按时报告"}, {"value", on_time}});
    out.push_back({{"dimension", "reporting"}, {"key", "late"}, {"name", "超时报告"}, {"value", late}});
    out.push_back({{"dimension", "reporting"}, {"key", "overdue"}, {"name", "超时未报"}, {"value", overdue_count}});
    out.push_back(
        {{"dimension", "reporting"}, {"key", "on_time_percent"}, {"name", "按时报告率（%）"}, {"value", percent}});
    out.push_back({{"dimension", "reporting"},
                   {"key", "median_minutes_to_report"},
                   {"name", "报告用时中位数（分钟）"},
                   {"value", median}});
    return out;
}

} // namespace netsec::incident
