#include "netsec/core/error.hpp"
#include "netsec/policy/policy.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::policy;

namespace {

std::string problems_of(const std::string& extra) {
    try {
        parse_policy(test::minimal_policy(extra), "/etc/netsec/p.yaml");
        return "";
    } catch (const Error& e) {
        CHECK(e.code() == Exit::config);
        return e.what();
    }
}

} // namespace

TEST_CASE("backup jobs are read with their defaults and resolved paths") {
    Policy p = parse_policy(test::minimal_policy("backup:\n"
                                                 "  jobs:\n"
                                                 "    - name: documents\n"
                                                 "      sources: [docs, /srv/web]\n"
                                                 "      destinations: [/mnt/usb/b, nas/b]\n"
                                                 "      passphrase_file: backup.key\n"
                                                 "    - name: website-db\n"
                                                 "      command: mysqldump school_site\n"
                                                 "      stdin_name: site.sql\n"
                                                 "      schedule: 12h\n"
                                                 "      keep: {last: 3, yearly: 0}\n"
                                                 "      compression: 19\n"
                                                 "      destinations: [/a, /b]\n"),
                            "/etc/netsec/p.yaml");
    REQUIRE(p.backup.jobs.size() == 2);
    const auto& d = p.backup.jobs[0];
    CHECK(d.sources == std::vector<std::string>{"/etc/netsec/docs", "/srv/web"});
    CHECK(d.destinations == std::vector<std::string>{"/mnt/usb/b", "/etc/netsec/nas/b"});
    CHECK(d.passphrase_file == "/etc/netsec/backup.key");
    CHECK(d.schedule == std::chrono::hours(24));
    CHECK(d.keep.daily == 14);
    CHECK(d.compression == 3);
    const auto& w = p.backup.jobs[1];
    CHECK(w.command == "mysqldump school_site");
    CHECK(w.stdin_name == "site.sql");
    CHECK(w.schedule == std::chrono::hours(12));
    CHECK(w.keep.last == 3);
    CHECK(w.keep.yearly == 0);
    CHECK(w.compression == 19);
}

TEST_CASE("a policy without backup has no jobs") {
    Policy p = parse_policy(test::minimal_policy(), "/etc/netsec/p.yaml");
    CHECK(p.backup.jobs.empty());
}

TEST_CASE("backup job problems name file, line and column") {
    CHECK(problems_of("backup:\n  jobs:\n    - name: docs\n      sources: [/a]\n      destinations: [/x]\n") ==
          "/etc/netsec/p.yaml:14:21: 'backup.jobs[0].destinations' expects two folders (the rule: always two copies), "
          "found 1");
    CHECK(problems_of("backup:\n  jobs:\n    - name: Docs\n      sources: [/a]\n      destinations: [/x, /y]\n") ==
          "/etc/netsec/p.yaml:12:13: 'backup.jobs[0].name' expects lowercase letters, digits, '-' or '_' (at most 40), "
          "found 'Docs'");
    CHECK(problems_of("backup:\n  jobs:\n    - name: d\n      sources: [/a]\n      destinations: [/x, /y]\n"
                      "      compression: 30\n") ==
          "/etc/netsec/p.yaml:15:20: 'backup.jobs[0].compression' expects a whole number from 1 to 19, found '30'");
    CHECK(problems_of("backup:\n  jobs:\n    - name: d\n      destinations: [/x, /y]\n") ==
          "/etc/netsec/p.yaml:12:7: 'backup.jobs[0]' needs sources (folders) or command (with stdin_name)");
    CHECK(problems_of("backup:\n  jobs:\n    - name: d\n      sources: [/a]\n      destinations: [/x, /y]\n"
                      "    - name: d\n      sources: [/b]\n      destinations: [/x, /y]\n") ==
          "/etc/netsec/p.yaml:15:13: backup job 'd' is given twice");
    CHECK(problems_of("backup:\n  jobs:\n    - name: d\n      sources: [/a]\n      destinations: [/x, /y]\n"
                      "      keep: {hourly: 3}\n")
              .find("unknown key 'hourly' in 'backup.jobs[0].keep'") != std::string::npos);
}
