// netsec-training's attendance commands: attend add, attend import, attend class (included by
// main.cpp, whose table lists them).
#pragma once
#include "netsec/account/account.hpp"
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/training/attendance.hpp"
#include "netsec/training/attendance_records.hpp"
#include "netsec/training/campaign.hpp"
#include "netsec/training/session.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <unistd.h>

namespace attend {

using namespace netsec;

struct Add {
    std::string session;
    std::vector<std::string> users;

    void declare(CLI::App& c) {
        c.add_option("session", session, _("the session, e.g. TRN-3"))->required();
        c.add_option("users", users, _("usernames, or - for standard input (one a line, or JSON Lines with username)"))
            ->required()
            ->type_name("USER");
    }
    int run(cli::Session& s) {
        auto selection = account::read_selection(users, "", std::cin);
        auto result = training::add_attendees(*s.db, s.origin(), session, selection, timeutil::now());
        s.notice(_f("{}: {} attendees added, {} recorded already", training::session_ref(result.session_id),
                    result.count("added"), result.count("unchanged")));
        if (s.options.format_given) s.print(training::attended_records(result));
        return 0;
    }
};

struct Import {
    std::string session, file, encoding = "auto";
    training::SheetOptions options;

    void declare(CLI::App& c) {
        c.add_option("session", session, _("the session, e.g. TRN-3"))->required();
        c.add_option("file", file,
                     _("the sign-in sheet saved from Excel (CSV or Unicode text), or - for standard input"))
            ->required();
        c.add_option("--encoding", encoding, _("auto, utf-8 or gbk (default: auto, UTF-8 when the bytes are UTF-8)"));
        c.add_flag("--dry-run", options.dry_run, _("check every row and show whom it names; write nothing"));
    }
    cli::Preamble preamble(cli::Preamble p) const {
        training::parse_sheet_encoding(encoding);
        return p;
    }
    int run(cli::Session& s) {
        options.encoding = training::parse_sheet_encoding(encoding);
        std::string source = file == "-" ? "<stdin>" : file;
        std::string bytes = file == "-" ? paths::read_fd(STDIN_FILENO, source) : paths::read_file(file);
        auto result =
            training::import_sheet(*s.db, s.policy, s.origin(), session, bytes, source, options, timeutil::now());
        if (!result.ignored.empty()) {
            std::string cols;
            for (const auto& c : result.ignored) cols += (cols.empty() ? "'" : ", '") + c + "'";
            s.notice(_f("left out columns {}", cols));
        }
        std::string id = training::session_ref(result.session_id);
        s.notice(options.dry_run
                     ? _f("{}: {} attendees would be added (dry run: nothing written)", id, result.count("added"))
                     : _f("{}: {} attendees added from the sheet, {} recorded already", id, result.count("added"),
                          result.count("unchanged")));
        s.print(training::attended_records(result));
        return 0;
    }
};

struct Class {
    std::string session;
    training::NewClassCount count;
    std::int64_t enrolled = -1;

    void declare(CLI::App& c) {
        c.add_option("session", session, _("the campaign or pupil session, e.g. TRN-5"))->required();
        c.add_option("class", count.class_name, _("the class, e.g. 3-2 (also 3年级2班, 三(2)班)"))->required();
        c.add_option("--present", count.present, _("how many of its pupils took part"))->required()->type_name("N");
        c.add_option("--of", enrolled, _("how many pupils the class has"))->type_name("M");
        c.add_option("--note", count.note, _("a note"));
        c.add_option("--reason", count.reason, _("why, when the class is counted already"));
    }
    int run(cli::Session& s) {
        if (enrolled >= 0) count.enrolled = enrolled;
        auto c = training::count_class(*s.db, s.origin(), session, count, timeutil::now());
        s.notice(_f("{}: class {} counted, {} present", training::session_ref(c.session_id),
                    training::class_label(c.grade, c.class_no), c.present));
        if (s.options.format_given) s.print(training::class_count_records({c}));
        return 0;
    }
};

} // namespace attend
