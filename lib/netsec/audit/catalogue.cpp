// The catalogue: every check with its stable id, severity, titles and remediation in both
// languages, and the rule it enforces. An id is never reused; a retired check keeps its entry.
#include "netsec/account/check.hpp"
#include "netsec/audit/audit.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

namespace netsec::audit {
namespace {

// An account check's severity comes from netsec-account's one table (account/check.hpp).
Severity account_severity(const std::string& id) {
    for (const auto& c : account::account_checks())
        if (c.id == id) return c.severity;
    throw Error(Exit::software, fmt::format("no account check '{}'", id));
}

} // namespace

Profile parse_profile(const std::string& text) {
    if (text == "records") return Profile::records;
    if (text == "host") return Profile::host;
    if (text == "all") return Profile::all;
    throw Error(Exit::usage, _f("unknown profile '{}'; expected records, host or all", text));
}

const char* profile_name(Profile profile) {
    switch (profile) {
    case Profile::records: return "records";
    case Profile::host: return "host";
    case Profile::all: return "all";
    }
    return "all";
}

const std::vector<std::string>& statuses() {
    static const std::vector<std::string> all = {"pass", "fail", "error", "not_applicable", "manual", "exception"};
    return all;
}

const std::vector<Check>& catalogue() {
    using P = Profile;
    using S = Severity;
    static const std::vector<Check> all = {
        {"ORG-0001", S::medium, P::records, "Leadership group and named officers", "网络安全领导小组及责任人",
         "Name the leadership group's head and members, the network administrators and the security officers in "
         "the policy's organization section then run netsec-policy check",
         "在策略文件 organization 部分写明领导小组组长和成员、网络管理员和安全员（编辑后运行 netsec-policy check）",
         "Cybersecurity Law (网络安全法) art. 21(1): a person responsible for network security; school rule: a "
         "leadership group headed by the principal, named network administrators and security officers",
         "The policy's organization: a head with a name and title, at least one member besides the head, at "
         "least one network administrator and one security officer, each with a name.",
         "策略中的组织机构：组长有姓名和职务，组长之外至少一名成员，至少一名网络管理员和一名安全员，均有姓名。"},
        {"REG-0001", S::medium, P::records, "Written regulations present and reviewed", "安全管理制度齐全并按期修订",
         "Put each regulation's document where the policy says, pin its hash with sha256: (sha256sum), and record "
         "the review date in reviewed: (netsec-policy check)",
         "将各项制度文件放在策略所指位置，用 sha256: 固定其内容（sha256sum 计算），并在 reviewed: 填写修订日期"
         "（netsec-policy check）",
         "Cybersecurity Law art. 21(1): internal security rules and operating procedures; school rule: written "
         "regulations, each reviewed every year",
         "Each regulation in the policy: its document is named and present, matches its pinned sha256, and was "
         "reviewed within thresholds.regulation_review. One finding per regulation.",
         "策略中的每项制度：文件已指定且存在，与固定的 sha256 一致，且在 thresholds.regulation_review 期限内修订过。"
         "每项制度一条结果。"},
        {"FIL-0001", S::high, P::records, "Website ICP and public-security filing numbers",
         "网站 ICP 备案及公安联网备案",
         "Record the website's ICP and public-security filings (netsec-filing add --kind icp|psb), show both numbers "
         "in the homepage's footer, and patrol it (netsec-duty patrol)",
         "用 netsec-filing add --kind icp|psb 登记网站的 ICP 备案和公安联网备案，在首页页脚显示两个备案号，并巡查首页"
         "（netsec-duty patrol）",
         "Measures on Internet Information Services art. 4 (ICP filing); Security Measures for International "
         "Networking of Computer Information Networks art. 12 (public-security filing); school rule: filings kept "
         "current",
         "Each website on record (netsec-filing) has an ICP and a public-security filing, and the latest patrol "
         "that read its homepage (netsec-duty patrol) found both numbers in its footer. One finding per website; "
         "not_applicable when no website is filed and the policy names none.",
         "登记的每个网站（netsec-filing）都有 ICP 备案和公安联网备案，且最近一次读取首页的巡查（netsec-duty patrol）"
         "在页脚找到了两个备案号。每个网站一条结果；没有网站备案且策略未指定网站时为 not_applicable（不适用）。"},
        {"FIL-0002", S::high, P::records, "MLPS grading, filing and assessment current", "等级保护定级、备案和测评有效",
         "Grade the systems, file them with the police and have them assessed in time; record each with netsec-filing "
         "(add --kind mlps, set --assessed); netsec-filing due lists what falls due",
         "为系统定级、到公安机关备案并按时测评，用 netsec-filing 登记（add --kind mlps，set --assessed）；"
         "netsec-filing due 列出到期事项",
         "Cybersecurity Law art. 21 (multi-level protection scheme, 等级保护); GB/T 22239-2019; school rule: "
         "filings kept current",
         "Each current MLPS record (netsec-filing) is graded, filed with the police (level 2 and up, within "
         "filing.file_within of grading), re-graded after a major change and assessed within its level's interval. "
         "One finding per system; a filed website without any MLPS grading fails.",
         "每项有效的等级保护记录（netsec-filing）已定级、已到公安机关备案（第二级及以上，定级后 filing.file_within "
         "内），重大变更后已重新定级，并在其级别的期限内完成测评。每个系统一条结果；有网站备案却没有任何等级保护定级为不通过。"},
        {"ACCT-0101", account_severity("ACCT-0101"), P::records, "No stale, leaver or ownerless accounts",
         "无长期未用、离校人员或无责任人账号",
         "Disable what is no longer used: netsec-account list --stale 180d -f jsonl | netsec-account disable -; "
         "archive the accounts of people who left: netsec-account archive USER; name an owner for service "
         "accounts with netsec-account set USER --owner NAME",
         "停用不再使用的账号：netsec-account list --stale 180d -f jsonl | netsec-account disable -；"
         "归档离校人员账号：netsec-account archive 用户名；用 netsec-account set 用户名 --owner 姓名 "
         "为服务账号指定责任人",
         "Cybersecurity Law art. 24 (real identity); school rule: the administrator issues and manages accounts "
         "centrally; the owner answers for any use",
         "The same checks as netsec-account check: active accounts unused (last seen, or created when never "
         "seen) longer than thresholds.stale_account; people who left but whose account is still active; service "
         "accounts without an owner. One finding per account. Lent accounts are ACCT-0103, password guessing "
         "ACCT-0104.",
         "与 netsec-account check 相同：超过 thresholds.stale_account 未使用的在用账号（无登录记录时按创建时间）；"
         "已离校人员账号仍在用；服务账号无责任人。每个账号一条结果。转借账号见 ACCT-0103，密码猜测见 ACCT-0104。"},
        {"ACCT-0102", account_severity("ACCT-0102"), P::records, "Password hygiene", "密码管理",
         "Have the owner change an issued password, or issue a new one: netsec-account reset USER",
         "请账号本人修改初始密码，或重新发放：netsec-account reset 用户名",
         "GB/T 22239-2019 identification and authentication (complex passwords, changed regularly); school rule: "
         "account and password secrecy",
         "Active accounts with a password: an issued password still unchanged after thresholds.password_grace; a "
         "hash that is not yescrypt ($y$); a password older than thresholds.password_max_age. One finding per "
         "account.",
         "有密码的在用账号：发放的初始密码超过 thresholds.password_grace 仍未修改；哈希不是 yescrypt（$y$）；"
         "密码使用超过 thresholds.password_max_age。每个账号一条结果。"},
        {"ACCT-0103", account_severity("ACCT-0103"), P::records, "Account lent", "账号转借",
         "Ask the owner who used the account; if it was lent, reset it and record why: netsec-account reset USER",
         "询问账号本人是谁使用了账号；确属转借的，重置密码并记录原因：netsec-account reset 用户名",
         "Cybersecurity Law art. 24 (real identity); school rule: accounts are never lent; the owner answers for "
         "any use",
         "The same check as netsec-account check: an account signed in from two places at once, from more places "
         "in a day than accounts.logins.max_machines_per_day, or at night (accounts.logins.hours), in the login "
         "records of the last 7 days (netsec-account logins import). One finding per account; a security event "
         "(incidents.events).",
         "与 netsec-account check 相同：最近 7 天的登录记录（netsec-account logins import）中同时从两处登录、"
         "一天内登录地点多于 accounts.logins.max_machines_per_day 或夜间（accounts.logins.hours 以外）登录的账号。"
         "每个账号一条结果；属于安全事件（incidents.events）。"},
        {"ACCT-0104", account_severity("ACCT-0104"), P::records, "Password guessing", "密码猜测",
         "Block the guessing addresses in the firewall; when a guess may have succeeded, reset the account at "
         "once: netsec-account reset USER",
         "在防火墙中封禁猜测密码的地址；如猜测可能已成功，立即重置该账号：netsec-account reset 用户名",
         "Cybersecurity Law art. 21(2): technical measures against intrusion; GB/T 22239-2019 identification and "
         "authentication (limit failed sign-ins); school rule: account and password secrecy",
         "The same check as netsec-account check: at least accounts.logins.failed_burst failed sign-ins within "
         "accounts.logins.failed_window at one username, or from one address, in the login records of the last 7 "
         "days. One finding per username, or per address when it guessed only at unknown usernames; a security "
         "event (incidents.events).",
         "与 netsec-account check 相同：最近 7 天的登录记录中，同一用户名或同一地址在 accounts.logins.failed_window "
         "内至少 accounts.logins.failed_burst 次登录失败。每个用户名一条结果，只猜测不存在的用户名的地址一条结果；"
         "属于安全事件（incidents.events）。"},
        {"AV-0001", S::high, P::records, "Antivirus on every machine, signatures fresh",
         "每台计算机安装杀毒软件且病毒库及时更新",
         "Import the antivirus console's export with 'netsec-asset av import'; update or switch on the antivirus "
         "of every machine 'netsec-asset av status' names",
         "用 netsec-asset av import 导入杀毒软件控制台的导出文件；对 netsec-asset av status 列出的计算机更新病毒库或"
         "开启实时防护",
         "Cybersecurity Law art. 21(2): technical measures against viruses; school rule: virus prevention, "
         "antivirus installed and updating on every machine",
         "Every registered machine in use that runs antivirus (lab, office and multimedia PCs and servers) has a row "
         "in the latest antivirus imports, of a product on assets.antivirus.approved, with real-time protection on "
         "and signatures within thresholds.antivirus_signature_age. One finding per machine that is not ok; "
         "not_applicable while the register holds no machine.",
         "登记在用且运行杀毒软件的计算机（机房、办公、多媒体电脑和服务器）在最近的杀毒软件导入中都有记录，产品在 "
         "assets.antivirus.approved 中，实时防护开启，病毒库在 thresholds.antivirus_signature_age 以内。每台不合格的"
         "计算机一条结果；资产登记为空时为 not_applicable。"},
        {"AST-0001", S::medium, P::records, "Every machine on the network registered and seen",
         "联网设备全部登记并在用",
         "Register the hosts the latest scan found with 'netsec-asset scan import FILE --register' or "
         "'netsec-asset add'; retire machines that are gone, or find out why they are not seen",
         "用 netsec-asset scan import FILE --register 或 netsec-asset add 登记最近扫描发现的设备；已不在用的设备"
         "办理报废，或查明其为何不在线",
         "School rule: machine-room management, every machine maintained by a named person; GB/T 22239-2019 "
         "asset management",
         "Hosts in the latest imported nmap scan that match no registered machine (one finding each), and "
         "machines in use that no scan has seen for longer than assets.unseen_after (one finding each). "
         "not_applicable before the first scan.",
         "最近导入的 nmap 扫描中与任何登记设备都不匹配的主机（每台一条），以及在用但超过 assets.unseen_after "
         "未被扫描到的设备（每台一条）。导入第一次扫描之前为 not_applicable。"},
        {"SW-0001", S::medium, P::records, "Only approved software installed", "未经许可不得安装软件",
         "Remove the software 'netsec-asset software check' lists, or approve it with 'netsec-asset software allow'",
         "卸载 netsec-asset software check 列出的软件，或经批准后用 netsec-asset software allow 加入许可清单",
         "School rule: machine-room management, no software brought in without permission",
         "The latest software check of each machine ('netsec-asset software check FILE --host TAG') lists no "
         "program outside the approved list. One finding per machine; not_applicable before the first check.",
         "每台计算机最近一次软件检查（netsec-asset software check FILE --host TAG）中没有许可清单以外的软件。"
         "每台计算机一条结果；第一次检查之前为 not_applicable。"},
        {"CRED-0001", S::high, P::records, "Shared devices' passwords held and changed",
         "共享设备和平台的密码专人保管、及时更换",
         "Change the password, then record it with 'netsec-asset cred changed NAME'; give a credential whose holder "
         "left a new holder",
         "更换密码后用 netsec-asset cred changed NAME 登记；保管人已离开的，指定新的保管人",
         "School rule: account and password secrecy; notices on shared devices and platforms (routers, recorders, "
         "LED screens, pupil-records and finance platforms)",
         "Each credential recorded with 'netsec-asset cred add' was changed after the last visit of an outside "
         "technician to its device (maint --outside), within assets.credentials.max_age, and its holder is still "
         "an active account. One finding per credential; the secret itself is never stored.",
         "用 netsec-asset cred add 登记的每个密码在外来技术人员最近一次维护其设备（maint --outside）之后已更换、"
         "未超过 assets.credentials.max_age，且保管人账号仍有效。每个密码一条结果；密码本身从不保存。"},
        {"BKP-0001", S::critical, P::records, "Backups in two copies, verified and restorable",
         "重要数据双份备份、定期校验并演练恢复",
         "Back up with netsec-backup run, verify with netsec-backup verify, and drill a restore",
         "用 netsec-backup run 备份，netsec-backup verify 校验，并演练恢复",
         "Cybersecurity Law art. 21(4): backup of important data; school rule: important data checked and backed "
         "up regularly, daily where needed, always in two copies",
         "Every backup job has a snapshot within its schedule (plus a tenth, at most an hour) in both destinations, "
         "its last run there did not fail, a passed verification within thresholds.backup_verify_within, and a "
         "restore drill (a netsec-backup restore from one of its destinations) within thresholds.restore_drill_within. "
         "It reads the runs netsec-backup records (subjects JOB:DESTINATION and JOB:restore_drill); not_applicable "
         "while the policy names no backup jobs.",
         "每个备份任务在两个目的地都有计划间隔内（另加十分之一、至多一小时）的快照，最近一次运行未失败，"
         "在 thresholds.backup_verify_within 内校验通过，并在 thresholds.restore_drill_within 内从其目的地演练过恢复"
         "（netsec-backup restore）。读取 netsec-backup 记录的运行（主体为 任务:目的地 和 任务:restore_drill）；"
         "策略未定义备份任务时为 not_applicable。"},
        {"INC-0001", S::critical, P::records, "Incidents reported in time, evidence intact",
         "安全事件按时上报，原始记录完好",
         "Report it now: netsec-incident report ID --to bureau ...; for damaged evidence: netsec-incident evidence "
         "verify, and note what happened with netsec-incident note",
         "立即上报：netsec-incident report 编号 --to bureau ...；原始记录损坏时运行 netsec-incident evidence verify，"
         "并用 netsec-incident note 记录经过",
         "Cybersecurity Law art. 25; National Cybersecurity Incident Emergency Plan; school rule: report to "
         "superiors within 12 hours, keep the original records",
         "No open incident with a clock past due; every stored evidence file still matches the SHA-256 the "
         "journal recorded when it was added (this re-hash is journaled, as netsec-incident evidence verify is). "
         "One finding per late incident and per damaged file.",
         "没有超过时限未上报的在办事件；所有留存的原始记录仍与添加时操作日志记录的 SHA-256 一致（与 netsec-incident "
         "evidence verify 一样记入日志）。每个逾期事件、每个损坏文件各一条结果。"},
        {"INC-0002", S::medium, P::records, "Emergency plan present and drilled", "应急预案齐全并演练",
         "Add the virus-outbreak emergency plan to the policy's regulations (id virus-emergency-plan), check it "
         "with netsec-policy check, and drill it once a year: netsec-training session add --kind drill --plan MAL, "
         "then netsec-training drill step and drill finish",
         "在策略 regulations 中加入计算机病毒爆发应急预案（id 为 virus-emergency-plan），用 netsec-policy check 检查，"
         "每年演练一次：netsec-training session add --kind drill --plan MAL，然后 netsec-training drill step 和 "
         "drill finish",
         "Cybersecurity Law art. 25: emergency plans, drilled regularly; school rule: the virus-outbreak emergency "
         "plan",
         "The virus-outbreak emergency plan (regulation id virus-emergency-plan, or a title with 应急预案) with its "
         "document present; a finished drill of each plan in training.drill_plans (netsec-training drill) within "
         "thresholds.emergency_drill_within.",
         "计算机病毒爆发应急预案（制度 id 为 virus-emergency-plan，或标题含“应急预案”）且文件存在；"
         "training.drill_plans 中的每个预案在 thresholds.emergency_drill_within 内有已结束的演练（netsec-training "
         "drill）。"},
        {"JRNL-0001", S::critical, P::records, "Journal intact, records private", "操作日志完整，记录文件私有",
         "Find the first bad entry with netsec-journal verify; make the records private: chmod 700 STATE_DIR; "
         "chmod 600 STATE_DIR/netsec.db (750/640 with state_group)",
         "用 netsec-journal verify 找出第一条不符的记录；设置权限：chmod 700 状态目录；chmod 600 状态目录/netsec.db"
         "（设置了 state_group 时为 750/640）",
         "Cybersecurity Law art. 21(3): records of network operation kept; school rule: every change accountable",
         "The journal's hash chain verifies and extends the newest head in the policy's heads file "
         "(journal.heads_file) and the head recorded by the previous audit run; the state "
         "folder is 0700 (0750 with state_group) and the database 0600 (0640) at most.",
         "日志哈希链校验通过，且延续策略链头文件（journal.heads_"
         "file）中最新的链头及上次审计记录的链头；状态目录权限不宽于 0700（设置 state_group 时 0750），"
         "数据库不宽于 0600（0640）。"},
        {"DUTY-0001", S::medium, P::records, "Duty roster and closing checks", "机房值班及下班检查",
         "Keep the duty roster and closing checks with netsec-duty (not built yet)",
         "用 netsec-duty（尚未提供）记录值班表和下班检查",
         "school rule: machine-room duty day and night; closing checks of power, doors and windows",
         "The duty roster covers every school day and night slot, with closing checks. The records will come "
         "from netsec-duty; until they exist the check is not_applicable.",
         "值班表覆盖每个上学日的白天和夜间，并有下班检查。由 netsec-duty 记录；在有记录之前本项为 not_applicable。"},
        {"TRN-0001", S::medium, P::records, "Staff trained, pupils taught", "教职工培训及学生安全教育",
         "Record training sessions, attendance and lessons with netsec-training; 'netsec-training coverage' names "
         "who and which classes are still short",
         "用 netsec-training 记录培训、签到和安全教育课；'netsec-training coverage' 列出尚未达标的人员和班级",
         "Cybersecurity Law art. 19 (security education); school rule: staff trained on the regulations, pupils "
         "taught to use the network safely",
         "Every active staff member trained this school year (training.staff_hours); every class a safe-use lesson "
         "this term; each network administrator's external courses (training.administrator_courses), as "
         "netsec-training coverage computes them. not_applicable with no staff, pupils or training recorded.",
         "每位在职教职工本学年参加过培训（training.staff_hours）；每个班级本学期上过安全上网教育课；每位网络管理员"
         "参加外出培训（training.administrator_courses），按 netsec-training coverage 计算。没有教职工、学生和培训记录时"
         "为 not_applicable。"},
        {"LOG-0001", S::high, P::host, "Logs kept six months, not world-readable", "日志留存六个月以上且不对所有人可读",
         "Keep logs longer: Storage=persistent and MaxRetentionSec of at least 180 days in journald.conf; "
         "'rotate N' times the period at least 180 days in logrotate; find what deletes logs early (SystemMaxUse, "
         "maxsize, a clean-up job) and stop it; chmod o-r the log files; then run netsec-audit run --check LOG-0001. "
         "Deleted logs cannot come back: until the host has kept 180 days again, record an audit exception that "
         "expires then",
         "延长日志留存：journald.conf 中 Storage=persistent、MaxRetentionSec 不少于 180 天；logrotate 中 rotate 次数"
         "乘以周期不少于 180 天；查出提前删除日志的原因（SystemMaxUse、maxsize、清理任务）并停止；对日志文件 chmod "
         "o-r；"
         "然后运行 netsec-audit run --check LOG-0001。已删除的日志无法恢复：在主机重新保存满 180 "
         "天之前，登记一条到期日为"
         "那一天的审计例外",
         "Cybersecurity Law art. 21(3): network logs kept at least six months; school rule: the security log",
         "Under --root: journald (etc/systemd/journald.conf and journald.conf.d) keeps a persistent journal whose "
         "MaxRetentionSec, when set, reaches thresholds.log_retention; each logrotate stanza (etc/logrotate.conf, "
         "etc/logrotate.d) keeps 'rotate N' times its period at least that long; rsyslog's files have a logrotate "
         "stanza; the oldest entry kept (the first line of the oldest rotation of var/log/auth.log, syslog, "
         "messages and secure, gzip included; the journal files' headers) is that old, unless the host itself is "
         "younger (etc/machine-id, the oldest file under var/log); no file under var/log is readable by everyone "
         "(wtmp and lastlog are, by design).",
         "在 --root 下：journald（etc/systemd/journald.conf 及 journald.conf.d）持久保存日志，设置了 MaxRetentionSec "
         "时不短于 thresholds.log_retention；logrotate 各配置段（etc/logrotate.conf、etc/logrotate.d）的 rotate 次数"
         "乘以周期不短于该期限；rsyslog 的日志有 logrotate "
         "配置；保存的最早一条日志（var/log/auth.log、syslog、messages、"
         "secure 最早轮转文件的第一行，含 gzip 压缩的；journal 文件头）不晚于该期限，除非主机本身更新（etc/machine-id、"
         "var/log 下最早的文件）；var/log 下没有所有人可读的文件（wtmp、lastlog 除外）。"},
        {"HOST-0001", S::high, P::host, "Server baseline: ssh, firewall, time, risky listeners",
         "服务器基线：SSH、防火墙、时间同步、高危端口",
         "Set PermitRootLogin no and PasswordAuthentication no in sshd_config; give the firewall's input chain "
         "policy drop (nftables) or :INPUT DROP (iptables); install chrony or systemd-timesyncd; stop telnet, "
         "SMB/NetBIOS and RDP listeners; then run netsec-audit run --check HOST-0001",
         "在 sshd_config 中设置 PermitRootLogin no 和 PasswordAuthentication no；防火墙入站链默认策略设为 drop"
         "（nftables）或 :INPUT DROP（iptables）；安装 chrony 或 systemd-timesyncd；关闭 telnet、SMB/NetBIOS 和远程桌面"
         "监听；然后运行 netsec-audit run --check HOST-0001",
         "Cybersecurity Law art. 21(2): technical measures against intrusion; GB/T 22239-2019 access control; "
         "school rule: every machine maintained",
         "Under --root: etc/ssh/sshd_config (and its Include files) refuses root password logins and password "
         "authentication; etc/nftables.conf (or etc/iptables/rules.v4, etc/sysconfig/iptables) drops inbound by "
         "default; chrony, systemd-timesyncd or ntpd is configured; proc/net/tcp and tcp6, when present, show no "
         "listener on 23, 135-139, 445 or 3389. One finding per subject.",
         "在 --root 下：etc/ssh/sshd_config（及其 Include 文件）禁止 root 密码登录和密码认证；etc/nftables.conf"
         "（或 etc/iptables/rules.v4、etc/sysconfig/iptables）入站默认拒绝；配置了 chrony、systemd-timesyncd 或 ntpd；"
         "proc/net/tcp 与 tcp6（如存在）中 23、135-139、445、3389 端口没有监听。每个检查对象一条结果。"},
        {"EXC-0001", S::medium, P::records, "Audit exceptions current", "审计例外未过期",
         "Renew or remove the expired exception in the policy's audit.exceptions (netsec-policy check), after "
         "the leaders decide",
         "经学校领导决定后，在策略 audit.exceptions 中续期或删除过期的例外（netsec-policy check）",
         "school rule: school leaders decide; an accepted risk is reviewed when its approval expires",
         "Each exception in the policy's audit.exceptions whose expires date has passed. The finding it covered "
         "shows its own status again.",
         "策略 audit.exceptions 中已过期的例外。过期后，被例外的结果恢复显示其本来的状态。"},
    };
    return all;
}

const Check* find_check(const std::string& id) {
    for (const auto& c : catalogue())
        if (c.id == id) return &c;
    return nullptr;
}

} // namespace netsec::audit
