#include "netsec/training/drill_page.hpp"

#include "netsec/core/time.hpp"
#include "netsec/incident/log.hpp"
#include "netsec/training/session.hpp"

#include <cmath>
#include <map>
#include <sstream>

namespace netsec::training {
namespace {

const Labels& labels() {
    static const Labels all = {
        {"title", "应急演练记录", "Emergency drill record"},
        {"school", "学校", "School"},
        {"session", "演练编号", "Drill"},
        {"plan", "演练预案", "Emergency plan"},
        {"date", "演练日期", "Date"},
        {"hours", "时长（小时）", "Hours"},
        {"trainer", "组织人", "Led by"},
        {"audience", "参加对象", "Audience"},
        {"note", "说明", "Note"},
        {"finished", "结束时间", "Finished"},
        {"not_finished", "尚未结束", "not finished"},
        {"steps", "预案步骤", "Steps of the plan"},
        {"n", "序号", "No."},
        {"step", "步骤", "Step"},
        {"done_at", "完成时间", "Done at"},
        {"done_by", "执行人", "Done by"},
        {"step_note", "备注", "Note"},
        {"not_done", "未完成", "not done"},
        {"people", "参加人员", "Taking part"},
        {"username", "账号", "Username"},
        {"name", "姓名", "Name"},
        {"signed_at", "签到时间", "Signed in"},
        {"nobody", "无签到记录", "no attendance recorded"},
        {"went_wrong", "存在问题", "What went wrong"},
        {"lessons", "经验教训", "Lessons"},
        {"none", "无", "none"},
        {"sign_leader", "演练负责人（签字）", "Drill leader (signature)"},
        {"sign_principal", "校长（签字）", "Principal (signature)"},
        {"sign_date", "日期", "Date"},
    };
    return all;
}

std::string L(const char* key, Lang lang) { return label_of(labels(), key, lang); }

std::string local(const std::string& rfc3339, const policy::Policy& p) {
    if (rfc3339.empty()) return "";
    return timeutil::format_local(timeutil::parse_time(rfc3339, "UTC"), p.school.timezone);
}

std::string plan_name(const policy::Policy& p, const std::string& plan, Lang lang) {
    const policy::Category* c = policy::find_category(p, plan);
    if (!c) return plan;
    std::string name = label_text({c->code, c->name, c->name_en}, lang);
    return lang == Lang::zh ? name : plan + " " + name;
}

} // namespace

io::Page drill_page(const policy::Policy& p, const DrillSheet& d, Lang lang) {
    io::Page page;
    page.lang = lang == Lang::zh ? "zh-CN" : "en";
    page.title = L("title", lang);
    page.name = page.title + " " + d.date + " " + d.title;
    page.meta = {{L("school", lang), p.school.name}};

    io::KeyValues about;
    about.head = io::Pair{L("session", lang), io::Line{{session_ref(d.session_id), true}, {" " + d.title}}};
    about.pairs_per_row = 2;
    auto add = [&](const char* key, io::Cell value) { about.rows.push_back({L(key, lang), std::move(value)}); };
    add("plan", plan_name(p, d.plan, lang));
    add("date", d.date);
    add("trainer", d.trainer);
    add("hours", hours_text(d.hours));
    add("audience", d.audience);
    add("finished", d.finished_at.empty() ? io::Cell(io::Line{{L("not_finished", lang), false, "late"}})
                                          : io::Cell(local(d.finished_at, p)));
    if (!d.note.empty()) add("note", d.note);

    io::Table steps{{{L("n", lang), 6, true},
                     {L("step", lang), 44},
                     {L("done_at", lang), 18, true},
                     {L("done_by", lang), 12},
                     {L("step_note", lang), 20}},
                    {}};
    for (const auto& s : d.steps)
        steps.rows.push_back({std::to_string(s.n), incident::step_text(s.text, lang),
                              s.done_at.empty() ? io::Cell(io::Line{{L("not_done", lang), false, "late"}})
                                                : io::Cell(local(s.done_at, p)),
                              s.done_by, s.note});

    std::vector<io::Block> people;
    if (d.attendees.empty()) {
        people.push_back(io::Paragraph{io::line(L("nobody", lang))});
    } else {
        io::Table t{{{L("n", lang), 6, true}, {L("name", lang)}, {L("username", lang)}, {L("signed_at", lang)}}, {}};
        int n = 0;
        for (const auto& a : d.attendees)
            t.rows.push_back({std::to_string(++n), a.full_name, a.username, local(a.signed_at, p)});
        people.push_back(std::move(t));
    }

    const std::string none = L("none", lang);
    page.sections.push_back({{}, {about}, true, "drill", {}});
    page.sections.push_back({L("steps", lang), {steps}, false, "steps", {}});
    page.sections.push_back({L("people", lang), people, false, "people", {}});
    page.sections.push_back({L("went_wrong", lang),
                             {io::Paragraph{io::line(d.went_wrong.empty() ? none : d.went_wrong)}},
                             true,
                             "went-wrong",
                             {}});
    page.sections.push_back(
        {L("lessons", lang), {io::Paragraph{io::line(d.lessons.empty() ? none : d.lessons)}}, true, "lessons", {}});
    page.sections.push_back(
        {{},
         {io::Signatures{{L("sign_leader", lang), L("sign_principal", lang), L("sign_date", lang)}}},
         true,
         "signatures",
         {}});
    return page;
}

} // namespace netsec::training
