#include "netsec/cli/formats.hpp"

#include "netsec/core/error.hpp"

#include <CLI/CLI.hpp>
#include <doctest/doctest.h>

using namespace netsec;

TEST_CASE("a command's formats: records, a document, its own, and auto always") {
    CHECK(cli::format_list(cli::records()) == "table, tsv, csv, json, jsonl");
    CHECK(cli::format_list(cli::records() + cli::document()) == "table, tsv, csv, json, jsonl, html, markdown");
    CHECK(cli::format_list(cli::own({"csv", "ldif"}) + cli::records()) == "csv, ldif, table, tsv, json, jsonl");
    CHECK(cli::records().takes("auto"));
    CHECK(cli::document().takes("auto"));
    CHECK(cli::records().takes("jsonl"));
    CHECK_FALSE(cli::records().takes("html"));
    CHECK_FALSE(cli::document().takes("json"));
    CHECK(cli::own({"chpasswd"}).takes("chpasswd"));
}

TEST_CASE("require_format names -f, the format, the command and what it writes") {
    CHECK_NOTHROW(cli::require_format("csv", "netsec-journal show", cli::records()));
    CHECK_THROWS_WITH_AS(cli::require_format("html", "netsec-journal show", cli::records()),
                         "unknown -f format 'html' for 'netsec-journal show': it writes table, tsv, csv, json, jsonl",
                         Error);
    try {
        cli::require_format("xml", "netsec-incident form", cli::document());
        FAIL("not refused");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::usage);
    }
}

TEST_CASE("check_format checks the subcommand that ran, however deep, and ignores the undeclared") {
    CLI::App app{"test", "netsec-test"};
    auto* show = app.add_subcommand("show", "show");
    auto* evidence = app.add_subcommand("evidence", "evidence");
    auto* ev_list = evidence->add_subcommand("list", "list");
    auto* note = app.add_subcommand("note", "note");
    (void)note;
    cli::declare_formats(*show, cli::records() + cli::own({"html"}));
    cli::declare_formats(*ev_list, cli::records());
    CHECK(show->get_footer() == "Formats (-f): table, tsv, csv, json, jsonl, html");

    auto parse = [&](std::vector<std::string> args) {
        std::reverse(args.begin(), args.end());
        app.clear();
        app.parse(args);
    };
    parse({"show"});
    CHECK_NOTHROW(cli::check_format(app, "netsec-test", "html"));
    CHECK_THROWS_WITH_AS(cli::check_format(app, "netsec-test", "markdown"),
                         "unknown -f format 'markdown' for 'netsec-test show': it writes table, tsv, csv, json, "
                         "jsonl, html",
                         Error);
    parse({"evidence", "list"});
    CHECK_NOTHROW(cli::check_format(app, "netsec-test", "tsv"));
    CHECK_THROWS_WITH_AS(cli::check_format(app, "netsec-test", "html"),
                         "unknown -f format 'html' for 'netsec-test evidence list': it writes table, tsv, csv, json, "
                         "jsonl",
                         Error);
    parse({"note"});
    CHECK_NOTHROW(cli::check_format(app, "netsec-test", "whatever"));
}
