#include "netsec/training/drill_page.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::training;

namespace {

DrillSheet sheet() {
    DrillSheet d;
    d.session_id = 3;
    d.title = "病毒爆发应急演练";
    d.date = "2026-11-20";
    d.plan = "MAL";
    d.trainer = "王芳";
    d.audience = "staff";
    d.hours = 1.5;
    d.steps = {{3, 1, "隔离受感染的机房或计算机（isolate the room）", "2026-11-20T02:05:00Z", "wangfang", "机房1"},
               {3, 2, "查杀病毒（scan and clean）", "", "", ""}};
    d.attendees = {{"wangfang", "王芳", "2026-11-20T01:55:00Z"}, {"lijun", "李军", ""}};
    return d;
}

} // namespace

TEST_CASE("the drill record prints each step with its local time, who took part, and lines to sign") {
    test::School s;
    auto d = sheet();
    d.went_wrong = "二号机房断网慢了五分钟";
    d.lessons = "交换机位置贴在机房门上";
    d.finished_at = "2026-11-20T03:00:00Z";
    std::string html = io::render_html(drill_page(s.policy, d, Lang::zh));
    CHECK(html.find("应急演练记录") != std::string::npos);
    CHECK(html.find("TRN-3") != std::string::npos);
    CHECK(html.find("测试小学") != std::string::npos);
    CHECK(html.find("隔离受感染的机房或计算机") != std::string::npos);
    CHECK(html.find("isolate the room") == std::string::npos); // the Chinese half of the step
    CHECK(html.find("2026-11-20 10:05") != std::string::npos);   // Asia/Shanghai
    CHECK(html.find("未完成") != std::string::npos);              // step 2 not done
    CHECK(html.find("李军") != std::string::npos);
    CHECK(html.find("二号机房断网慢了五分钟") != std::string::npos);
    CHECK(html.find("交换机位置贴在机房门上") != std::string::npos);
    CHECK(html.find("校长（签字）") != std::string::npos);
    CHECK(html.find("2026-11-20 11:00") != std::string::npos); // finished
}

TEST_CASE("an unfinished drill's record says so, in English too, with none for empty texts") {
    test::School s;
    std::string md = io::render_markdown(drill_page(s.policy, sheet(), Lang::en));
    CHECK(md.find("Emergency drill record") != std::string::npos);
    CHECK(md.find("not finished") != std::string::npos);
    CHECK(md.find("isolate the room") != std::string::npos);
    CHECK(md.find("What went wrong") != std::string::npos);
    CHECK(md.find("none") != std::string::npos);
}
