// The security log and the report form as pages: in Chinese they hold no English word of ours
// (steps, channels, kinds, grades, sizes), and a cell of several lines makes a grid table in
// Markdown.
#include "netsec/incident/incident.hpp"
#include "netsec/incident/log.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using netsec::test::incident_origin;
using netsec::test::utc;

TEST_CASE("step_text shows the part of a bilingual playbook step in the document's language") {
    const std::string step = "隔离受感染的机房或计算机，断开网络（isolate the room or machines, disconnect them）";
    CHECK(incident::step_text(step, Lang::zh) == "隔离受感染的机房或计算机，断开网络");
    CHECK(incident::step_text(step, Lang::en) == "isolate the room or machines, disconnect them");
    CHECK(incident::step_text("停止使用移动存储介质 (stop removable media)", Lang::zh) == "停止使用移动存储介质");
    // Not a translation: Chinese in the parenthesis, no Chinese before it, no letters in it.
    CHECK(incident::step_text("查杀病毒（每台一条记录）", Lang::zh) == "查杀病毒（每台一条记录）");
    CHECK(incident::step_text("isolate the room (now)", Lang::zh) == "isolate the room (now)");
    CHECK(incident::step_text("重装系统（2 台）", Lang::en) == "重装系统（2 台）");
    CHECK(incident::step_text("", Lang::zh) == "");
}

TEST_CASE("the Chinese log names channels, kinds and grades in Chinese, in a grid table") {
    test::School s;
    auto inc = s.open("MAL", "III", "2026-03-01T01:00:00Z");
    incident::record_report(s.db, s.policy, incident_origin, inc.id, "bureau", "phone", "电话记录",
                            utc("2026-03-01T02:00:00Z"), utc("2026-03-01T03:00:00Z"));
    incident::add_note(s.db, incident_origin, inc.id, "查杀完毕", std::nullopt, utc("2026-03-01T03:00:00Z"));
    incident::regrade(s.db, s.policy, incident_origin, inc.id, "IV", "影响小", utc("2026-03-01T04:00:00Z"));
    auto e = incident::gather_entry(s.db, inc.id, utc("2026-03-01T05:00:00Z"));
    std::string zh = incident::log_markdown(s.policy, {e}, "2026", Lang::zh);
    CHECK(zh.find("（电话，文号 电话记录）") != std::string::npos);
    CHECK(zh.find("【记录】查杀完毕") != std::string::npos);
    CHECK(zh.find("【调整定级】较大（Ⅲ级） → 一般（Ⅳ级）：影响小") != std::string::npos);
    CHECK(zh.find("| 事件等级 ") != std::string::npos);
    CHECK(zh.find("一般（Ⅳ级）") != std::string::npos);
    CHECK(zh.find("phone") == std::string::npos);
    CHECK(zh.find("[note]") == std::string::npos);
    CHECK(zh.find("\n+---") != std::string::npos); // the actions' lines: a grid table
    CHECK(zh.find("|---|") == std::string::npos);
    std::string en = incident::log_markdown(s.policy, {e}, "2026", Lang::en);
    CHECK(en.find("(phone, ref 电话记录)") != std::string::npos);
    CHECK(en.find("\\[regrade\\] III → IV: 影响小") != std::string::npos);
}
