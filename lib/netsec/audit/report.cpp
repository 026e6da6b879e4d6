// The one-page report of a run, in Chinese, for the county's inspector: the school, the
// run, the counts and score, then every finding that is not a pass, then the passes.
#include "netsec/audit/audit.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace netsec::audit {
namespace {

const char* status_zh(const std::string& status) {
    if (status == "pass") return "通过";
    if (status == "fail") return "不符合";
    if (status == "error") return "无法检查";
    if (status == "not_applicable") return "不适用";
    if (status == "manual") return "需人工核查";
    if (status == "exception") return "经批准的例外";
    return "";
}

const char* severity_zh(Severity severity) {
    switch (severity) {
    case Severity::critical: return "严重";
    case Severity::high: return "高";
    case Severity::medium: return "中";
    case Severity::low: return "低";
    }
    return "低";
}

} // namespace

io::Page run_page(const policy::Policy& policy, const Run& run) {
    const std::string& zone = policy.school.timezone;
    io::Page page;
    page.title = policy.school.name + " 网络安全检查报告";
    std::string counts;
    for (const auto& st : statuses())
        counts += fmt::format("{}{} {}", counts.empty() ? "" : "，", status_zh(st), run.summary.counts.at(st));
    io::KeyValues facts;
    facts.pairs_per_row = 2;
    facts.rows = {
        {"检查编号", std::to_string(run.row.id)},
        {"检查时间",
         timeutil::format_local(timeutil::parse_time(run.row.started_at, "UTC"), zone) + "（" + zone + "）"},
        {"主机", run.row.host},
        {"检查人", run.row.operator_name},
        {"结果统计", counts},
        {"得分", run.summary.score ? std::to_string(*run.summary.score) + " / 100" : "—"},
    };
    io::Paragraph score{io::line("得分按适用检查项的严重程度加权计算（严重 10、高 5、中 3、低 1），仅供参考，"
                                 "请以下列各项结果为准。")};
    page.sections.push_back({{}, {facts, score}});

    io::Table attention{
        {{"编号", 10, true}, {"检查项", 20}, {"对象", 18}, {"结果", 10, true}, {"级别", 5, true}, {"说明"}}, {}};
    io::List remedies{{}, true};
    io::Line passes, absent;
    std::vector<std::string> remedied;
    for (const auto& f : run.findings) {
        if (f.status == "pass") {
            passes.push_back({(passes.empty() ? "" : "；") + f.check_id + "（" + f.subject + "）"});
            continue;
        }
        if (f.status == "not_applicable") {
            absent.push_back({(absent.empty() ? "" : "；") + f.check_id + " " + f.title_zh});
            continue;
        }
        std::string note = f.detail;
        if (f.exception)
            note += "（例外：" + f.exception->reason + "；批准人 " + f.exception->approved_by + "；有效期至 " +
                    f.exception->expires + "）";
        io::Cell result(status_zh(f.status));
        result.mark = f.status;
        attention.rows.push_back({f.check_id, f.title_zh, f.subject, result, severity_zh(f.severity), note});
        if ((f.status == "fail" || f.status == "error") &&
            std::find(remedied.begin(), remedied.end(), f.check_id) == remedied.end()) {
            remedied.push_back(f.check_id);
            remedies.items.push_back(io::line(f.check_id + " " + f.title_zh + "：" + f.remediation_zh));
        }
    }
    if (!attention.rows.empty()) page.sections.push_back({"需关注的项目", {attention}});
    if (!remedies.items.empty()) page.sections.push_back({"整改措施", {remedies}});
    if (!passes.empty()) page.sections.push_back({"通过的项目", {io::Paragraph{passes}}});
    if (!absent.empty()) {
        absent.push_back({"（相关记录由尚未启用的工具提供，或本机无此项）"});
        page.sections.push_back({"暂无记录、不适用的项目", {io::Paragraph{absent}}});
    }
    page.sections.push_back({{}, {io::Signatures{{"检查人签字", "网络安全领导小组组长签字", "日期"}}}});
    return page;
}

std::string run_html(const policy::Policy& policy, const Run& run) { return io::render_html(run_page(policy, run)); }

} // namespace netsec::audit
