// The one-page HTML report of a run, in Chinese, for the county's inspector: the school, the
// run, the counts and score, then every finding that is not a pass, then the passes.
#include "netsec/audit/audit.hpp"
#include "netsec/io/html.hpp"

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

std::string run_html(const policy::Policy& policy, const Run& run) {
    using io::html_escape;
    const std::string& zone = policy.school.timezone;
    std::string when = timeutil::format_local(timeutil::parse_time(run.row.started_at, "UTC"), zone);
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += fmt::format("<title>{} 网络安全检查报告</title>\n", html_escape(policy.school.name));
    out += "<style>\n@page{size:A4;margin:12mm}\n"
           "body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;margin:0;font-size:9pt}\n"
           "h1{font-size:15pt;text-align:center;margin:0 0 6pt}h2{font-size:11pt;margin:8pt 0 3pt}\n"
           "table{border-collapse:collapse;width:100%}th,td{border:1px solid #444;padding:2px 4px;"
           "vertical-align:top;text-align:left;overflow-wrap:anywhere}th{background:#eee}.fail,.error{color:#a00;font-weight:bold}\n"
           "p{margin:4pt 0}ol{margin:2pt 0;padding-left:16pt}.n{white-space:nowrap}\n</style>\n</head>\n<body>\n";
    out += fmt::format("<h1>{} 网络安全检查报告</h1>\n", html_escape(policy.school.name));
    out += "<table>\n";
    out += fmt::format("<tr><th>检查编号</th><td>{}</td><th>检查时间</th><td>{}（{}）</td></tr>\n", run.row.id,
                       html_escape(when), html_escape(zone));
    out += fmt::format("<tr><th>主机</th><td>{}</td><th>检查人</th><td>{}</td></tr>\n", html_escape(run.row.host),
                       html_escape(run.row.operator_name));
    std::string counts;
    for (const auto& st : statuses())
        counts += fmt::format("{}{} {}", counts.empty() ? "" : "，", status_zh(st), run.summary.counts.at(st));
    out += fmt::format("<tr><th>结果统计</th><td>{}</td><th>得分</th><td>{}</td></tr>\n", html_escape(counts),
                       run.summary.score ? std::to_string(*run.summary.score) + " / 100" : "—");
    out += "</table>\n<p>得分按适用检查项的严重程度加权计算（严重 10、高 5、中 3、低 1），仅供参考，"
           "请以下列各项结果为准。</p>\n";
    auto row = [&](const Finding& f) {
        std::string note = f.detail;
        if (f.exception)
            note += "（例外：" + f.exception->reason + "；批准人 " + f.exception->approved_by + "；有效期至 " +
                    f.exception->expires + "）";
        return fmt::format("<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n {}\">{}</td>"
                           "<td class=\"n\">{}</td><td>{}</td></tr>\n",
                           html_escape(f.check_id), html_escape(f.title_zh), html_escape(f.subject),
                           html_escape(f.status), status_zh(f.status), severity_zh(f.severity), html_escape(note));
    };
    const char* header = "<table style=\"table-layout:fixed\">\n<colgroup><col style=\"width:10%\"><col style=\"width:20%\">"
                         "<col style=\"width:18%\"><col style=\"width:10%\"><col style=\"width:5%\"><col></colgroup>\n"
                         "<tr><th>编号</th><th>检查项</th><th>对象</th><th>结果</th><th>级别</th><th>说明</th></tr>\n";
    std::string attention, remedies, passes, absent;
    std::vector<std::string> remedied;
    for (const auto& f : run.findings) {
        if (f.status == "pass") {
            passes += fmt::format("{}{}（{}）", passes.empty() ? "" : "；", html_escape(f.check_id), html_escape(f.subject));
            continue;
        }
        if (f.status == "not_applicable") {
            absent += fmt::format("{}{} {}", absent.empty() ? "" : "；", html_escape(f.check_id), html_escape(f.title_zh));
            continue;
        }
        attention += row(f);
        if ((f.status == "fail" || f.status == "error") &&
            std::find(remedied.begin(), remedied.end(), f.check_id) == remedied.end()) {
            remedied.push_back(f.check_id);
            remedies += fmt::format("<li>{} {}：{}</li>\n", html_escape(f.check_id), html_escape(f.title_zh),
                                    html_escape(f.remediation_zh));
        }
    }
    if (!attention.empty()) out += "<h2>需关注的项目</h2>\n" + std::string(header) + attention + "</table>\n";
    if (!remedies.empty()) out += "<h2>整改措施</h2>\n<ol>\n" + remedies + "</ol>\n";
    if (!passes.empty()) out += "<h2>通过的项目</h2>\n<p>" + passes + "</p>\n";
    if (!absent.empty())
        out += "<h2>暂无记录、不适用的项目</h2>\n<p>" + absent + "（相关记录由尚未启用的工具提供，或本机无此项）</p>\n";
    out += "<p>检查人签字：____________　　　　网络安全领导小组组长签字：____________　　　　日期：____________</p>\n";
    out += "</body>\n</html>\n";
    return out;
}

} // namespace netsec::audit
