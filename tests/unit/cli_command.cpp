#include "netsec/cli/command.hpp"

#include "netsec/core/error.hpp"

#include <CLI/CLI.hpp>
#include <doctest/doctest.h>
#include <sstream>

using namespace netsec;

namespace {

struct Add {
    std::string file;
    bool force = false;
    void declare(CLI::App& c) {
        c.add_option("file", file, "the file")->required();
        c.add_flag("-F,--force", force, "force it");
    }
    int run(cli::Session&) { return 0; }
};

struct Show {
    bool all = false;
    void declare(CLI::App& c) { c.add_flag("--all", all, "all of them"); }
    cli::Preamble preamble(cli::Preamble p) const {
        if (all) p.level = policy::Level::admin;
        return p;
    }
    int run(cli::Session&) { return 0; }
};

cli::Tool table() {
    return {"a test tool",
            {cli::command<Show>("show", "show it", policy::Level::viewer, cli::Needs::store, cli::records(),
                                {{"thing_id"}, {"seen_at", io::Kind::time}}),
             cli::group("evidence", "evidence files"),
             cli::command<Add>("evidence add", "add a file", policy::Level::operator_, cli::Needs::store_write)}};
}

} // namespace

TEST_CASE("describe: a line per command with its level, needs, formats, options, arguments and fields") {
    std::istringstream lines(cli::describe("netsec-test", table()));
    std::string line;
    std::vector<nlohmann::json> got;
    while (std::getline(lines, line)) got.push_back(nlohmann::json::parse(line));
    REQUIRE(got.size() == 2); // the group is no command of its own
    CHECK(got[0]["command"] == "show");
    CHECK(got[0]["level"] == "viewer");
    CHECK(got[0]["needs"] == "store");
    CHECK(got[0]["formats"] == nlohmann::json({"table", "tsv", "csv", "json", "jsonl"}));
    CHECK(got[0]["options"] == nlohmann::json({"--all"}));
    CHECK(got[0]["fields"] == nlohmann::json::parse(R"([{"name":"thing_id","kind":"text"},
                                                         {"name":"seen_at","kind":"time"}])"));
    CHECK(got[1]["tool"] == "netsec-test");
    CHECK(got[1]["command"] == "evidence add");
    CHECK(got[1]["level"] == "operator");
    CHECK(got[1]["needs"] == "store_write");
    CHECK(got[1]["formats"] == nlohmann::json::array());
    CHECK(got[1]["options"] == nlohmann::json({"-F", "--force"}));
    CHECK(got[1]["arguments"] == nlohmann::json({"file"}));
}

TEST_CASE("a command's preamble can depend on its options") {
    cli::Tool t = table();
    REQUIRE(t.commands[0].adjust);
    CHECK_FALSE(t.commands[2].adjust); // Add declares no preamble of its own
    CHECK(t.commands[0].adjust(t.commands[0].preamble).level == policy::Level::viewer);
}

TEST_CASE("a member listed before its group is a programming error") {
    cli::Tool t = table();
    std::swap(t.commands[1], t.commands[2]);
    CHECK_THROWS_WITH_AS(cli::describe("netsec-test", t),
                         "internal error: command 'evidence add' comes before its group 'evidence'", Error);
}

TEST_CASE("a session that checks fields refuses a record with a field its command does not declare") {
    cli::Session s;
    s.command = "netsec-test show";
    s.check_fields = true;
    s.declared_fields = {"thing_id"};
    io::Records r;
    r.columns = {{"thing_id"}, {"id"}};
    try {
        s.print(r);
        FAIL("printed");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::software);
        CHECK(std::string(e.what()) ==
              "internal error: 'netsec-test show' prints the field 'id', which its command table does not declare");
    }
}

namespace {
struct Check {
    std::string file;
    void declare(CLI::App& c) { c.add_option("file", file, "the file"); }
    void before(cli::SharedOptions& o) {
        if (!file.empty()) o.policy = file;
    }
    int run(cli::Session&) { return 0; }
};
} // namespace

TEST_CASE("a command that needs no level says so, and may set the shared options before its preamble") {
    cli::Tool t{"t", {cli::command<Check>("check", "check it", policy::Level::none, cli::Needs::nothing)}};
    auto line = nlohmann::json::parse(cli::describe("netsec-test", t));
    CHECK(line["level"] == "none");
    CHECK(line["needs"] == "nothing");
    REQUIRE(t.commands[0].before);
    cli::SharedOptions o;
    o.policy = "/etc/netsec/policy.yaml";
    t.commands[0].before(o); // no FILE given: the shared --policy stays
    CHECK(o.policy == "/etc/netsec/policy.yaml");
}
