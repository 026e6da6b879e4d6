#include "netsec/training/coverage.hpp"
#include "netsec/training/session.hpp"

#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace netsec::training {
namespace {

bool within(const std::string& date, const std::string& from, const std::string& to) {
    return !from.empty() && date >= from && date <= to;
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

std::string without_suffix(const std::string& text, const std::string& suffix) {
    if (text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0)
        return text.substr(0, text.size() - suffix.size());
    return text;
}

// Adds session `s` to `line` when it is later than what the line holds.
void count(CoverageLine& line, const SessionFact& s) {
    line.hours += s.hours;
    ++line.session_count;
    if (s.date >= line.last_date) {
        line.last_date = s.date;
        line.session_id = s.id;
    }
}

void mark_short(CoverageLine& line, std::string why) {
    line.status = "short";
    line.why = std::move(why);
}

} // namespace

bool is_short(const Coverage& c) {
    return std::any_of(c.lines.begin(), c.lines.end(), [](const CoverageLine& l) { return l.status != "ok"; });
}

Tally tally(const Coverage& c, const std::string& area) {
    Tally t;
    for (const auto& l : c.lines)
        if (l.area == area) {
            ++t.total;
            if (l.status == "ok") ++t.ok;
        }
    return t;
}

bool audience_reaches_class(const std::string& audience, const std::string& grade, const std::string& class_name) {
    for (const auto& w : words(audience)) {
        if (w == "all" || w == "pupils") return true;
        if (w.rfind("class:", 0) == 0 && !class_name.empty() && w.substr(6) == class_name) return true;
        if (w.rfind("grade:", 0) == 0 && !grade.empty()) {
            std::string g = w.substr(6);
            if (g == grade || g == without_suffix(grade, "级")) return true;
        }
    }
    return false;
}

Coverage compute_coverage(const CoverageFacts& facts, const policy::Training& goals) {
    Coverage out;
    out.school_year = facts.school_year;
    out.term = facts.term;

    std::map<std::int64_t, const SessionFact*> sessions;
    for (const auto& s : facts.sessions) sessions[s.id] = &s;
    std::map<std::string, const PersonFact*> people;
    for (const auto& p : facts.people) people[p.username] = &p;
    // Each person's attended sessions, once each.
    std::map<std::string, std::set<std::int64_t>> attended;
    for (const auto& a : facts.attendance)
        if (sessions.count(a.session_id)) attended[a.username].insert(a.session_id);

    // Staff: active staff accounts, by username.
    for (const auto& p : facts.people) {
        if (p.kind != "staff" || p.status != "active") continue;
        CoverageLine line{"staff", p.username, p.full_name};
        for (auto id : attended[p.username]) {
            const auto& s = *sessions[id];
            if (within(s.date, facts.year_from, facts.year_to)) count(line, s);
        }
        if (line.session_count == 0)
            mark_short(line, _f("no training in the school year {}", facts.school_year));
        else if (line.hours + 1e-9 < goals.staff_hours)
            mark_short(line,
                       _f("{} hours of training, {} expected", hours_text(line.hours), hours_text(goals.staff_hours)));
        out.lines.push_back(std::move(line));
    }

    // Classes and grades: from the active pupils; lessons of the term.
    if (goals.lesson_each_term && !facts.term.empty()) {
        std::map<std::string, std::string> grade_of;          // class -> grade
        std::map<std::string, std::set<std::string>> classes; // grade -> classes
        for (const auto& p : facts.people)
            if (p.kind == "pupil" && p.status == "active" && !p.class_name.empty()) {
                grade_of[p.class_name] = p.grade;
                classes[p.grade].insert(p.class_name);
            }
        std::map<std::string, CoverageLine> class_lines;
        for (const auto& [name, grade] : grade_of) class_lines[name] = CoverageLine{"class", name, grade};
        std::map<std::int64_t, std::set<std::string>> reached; // session -> classes
        for (const auto& s : facts.sessions) {
            if ((s.kind != "pupil" && s.kind != "campaign") || !within(s.date, facts.term_from, facts.term_to))
                continue;
            for (const auto& [name, grade] : grade_of)
                if (audience_reaches_class(s.audience, grade, name)) reached[s.id].insert(name);
        }
        for (const auto& a : facts.attendance) {
            auto s = sessions.find(a.session_id);
            auto p = people.find(a.username);
            if (s == sessions.end() || p == people.end()) continue;
            const auto& session = *s->second;
            if ((session.kind != "pupil" && session.kind != "campaign") ||
                !within(session.date, facts.term_from, facts.term_to) || !grade_of.count(p->second->class_name))
                continue;
            reached[session.id].insert(p->second->class_name);
        }
        for (const auto& [id, names] : reached)
            for (const auto& name : names) count(class_lines[name], *sessions[id]);
        std::map<std::string, CoverageLine> grade_lines;
        for (const auto& [grade, names] : classes) {
            CoverageLine g{"grade", grade, grade};
            std::vector<std::string> missing;
            for (const auto& name : names) {
                const auto& c = class_lines[name];
                if (c.session_count == 0) missing.push_back(name);
                if (c.last_date > g.last_date) {
                    g.last_date = c.last_date;
                    g.session_id = c.session_id;
                }
            }
            std::set<std::int64_t> ids;
            for (const auto& [id, names_reached] : reached)
                for (const auto& name : names_reached)
                    if (names.count(name)) ids.insert(id);
            for (auto id : ids) g.hours += sessions[id]->hours;
            g.session_count = int(ids.size());
            if (!missing.empty()) {
                std::string list;
                for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
                mark_short(g, _f("classes without a safe-use lesson this term: {}", list));
            }
            out.lines.push_back(std::move(g));
        }
        for (auto& [name, line] : class_lines) {
            if (line.session_count == 0) mark_short(line, _f("no safe-use lesson in the term {}", facts.term));
            out.lines.push_back(std::move(line));
        }
    }

    // Administrators: their external courses of the school year.
    for (const auto& admin : facts.administrators) {
        std::string username = admin.username;
        if (username.empty())
            for (const auto& p : facts.people)
                if (p.full_name == admin.name) username = p.username;
        CoverageLine line{"administrator", username.empty() ? admin.name : username, admin.name};
        if (!username.empty())
            for (auto id : attended[username]) {
                const auto& s = *sessions[id];
                if (s.kind == "external" && within(s.date, facts.year_from, facts.year_to)) count(line, s);
            }
        if (line.session_count < goals.administrator_courses)
            mark_short(line, _f("{} external courses in the school year {}, {} expected", line.session_count,
                                facts.school_year, goals.administrator_courses));
        out.lines.push_back(std::move(line));
    }

    // Drills: the last finished drill of each required plan.
    for (const auto& plan : goals.drill_plans) {
        CoverageLine line{"drill", plan, ""};
        for (const auto& s : facts.sessions) {
            if (s.kind != "drill" || s.plan != plan || s.finished_at.empty()) continue;
            ++line.session_count;
            line.hours += s.hours;
            if (s.date >= line.last_date) {
                line.last_date = s.date;
                line.session_id = s.id;
                line.name = s.title;
            }
        }
        if (line.session_count == 0)
            mark_short(line, _f("no finished drill of the plan {}", plan));
        else if (line.last_date < facts.drill_since)
            mark_short(line, _f("the last drill of the plan {} was on {}, before {}", plan, line.last_date,
                                facts.drill_since));
        out.lines.push_back(std::move(line));
    }
    return out;
}

} // namespace netsec::training
