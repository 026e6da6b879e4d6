// The one-page report of a run, in Chinese, for the county's inspector: the school, the
// run, the counts and score, then every finding that is not a pass, then the passes.
#include "netsec/audit/audit.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

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

// The zone as a Chinese report names it: China's one zone is 北京时间; another keeps its tz name.
std::string zone_zh(const std::string& zone) {
    for (const char* z : {"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC"})
        if (zone == z) return "北京时间";
    return zone;
}

// A finding's subject as the Chinese report shows it: the checks' own codes (time, journal,
// drill, a job's restore_drill, an incident's clock) in Chinese; ids, paths and names as they are.
std::string subject_zh(const std::string& subject) {
    static const std::map<std::string, std::string> codes = {{"accounts", "账号"},        {"check", "检查"},
                                                             {"drill", "应急演练"},       {"exceptions", "审计例外"},
                                                             {"firewall", "防火墙"},      {"incidents", "安全事件"},
                                                             {"journal", "操作日志"},     {"journal_head", "日志链头"},
                                                             {"journald", "系统日志"},    {"listeners", "监听端口"},
                                                             {"logrotate", "日志轮转"},   {"oldest", "最早的日志"},
                                                             {"plan", "应急预案"},        {"records", "记录"},
                                                             {"regulations", "管理制度"}, {"resolved", "域名解析"},
                                                             {"retention", "日志保存期"}, {"rsyslog", "系统日志服务"},
                                                             {"score", "得分"},           {"sshd", "远程登录服务"},
                                                             {"time", "时间同步"},        {"restore_drill", "恢复演练"},
                                                             {"report", "报告上级"},      {"police", "报告公安机关"},
                                                             {"rectify", "整改"},
                                                             {"staff", "教职工"},         {"classes", "班级"},
                                                             {"administrators", "网络管理员"}};
    auto code = codes.find(subject);
    if (code != codes.end()) return code->second;
    for (char sep : {':', '/'}) {
        auto at = subject.rfind(sep);
        if (at == std::string::npos) continue;
        auto tail = codes.find(subject.substr(at + 1));
        if (tail != codes.end()) return subject.substr(0, at) + " " + tail->second;
    }
    return subject;
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
         timeutil::format_local(timeutil::parse_time(run.row.started_at, "UTC"), zone) + "（" + zone_zh(zone) + "）"},
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
    std::vector<std::string> remedied, passed;
    for (const auto& f : run.findings) {
        if (f.status == "pass") {
            // A check once, by its Chinese title: its subjects are codes (time, journal) or paths.
            if (std::find(passed.begin(), passed.end(), f.check_id) == passed.end()) {
                passed.push_back(f.check_id);
                passes.push_back({(passes.empty() ? "" : "；") + f.check_id + " " + f.title_zh});
            }
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
        attention.rows.push_back(
            {f.check_id, f.title_zh, subject_zh(f.subject), result, severity_zh(f.severity), note});
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
