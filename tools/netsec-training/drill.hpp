// netsec-training's drill commands: step, finish and show (included by main.cpp, whose table
// lists them).
#pragma once
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/label.hpp"
#include "netsec/training/drill.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace drill {

using namespace netsec;

inline std::optional<timeutil::Instant> at_of(const cli::Session& s, const std::string& at) {
    if (at.empty()) return std::nullopt;
    return s.time_or_now(at);
}

struct Step {
    std::string id, at;
    training::StepDone done;

    void declare(CLI::App& c) {
        c.add_option("session", id, _("the drill: 3 or TRN-3"))->required();
        c.add_option("n", done.n, _("the step of its plan, from 1"))->required();
        c.add_option("--at", at, _("when it was done (RFC 3339, 'YYYY-MM-DD HH:MM' or now; default: now)"))
            ->type_name("TIME");
        c.add_option("--by", done.by, _("who did it: a username of the account registry (default: you)"))
            ->type_name("USER");
        c.add_option("--note", done.note, _("a note on how it went"));
    }
    int run(cli::Session& s) {
        done.at = at_of(s, at);
        auto step = training::check_off_step(*s.db, s.policy, s.origin(), training::parse_session_id(id), done,
                                             timeutil::now());
        s.notice(_f("step {} of {} done at {}", step.n, training::session_ref(step.session_id),
                    s.local(timeutil::parse_time(step.done_at, "UTC"))));
        if (s.options.format_given) s.print(training::drill_step_records({step}));
        return 0;
    }
};

struct Finish {
    std::string id, at;
    training::DrillReport report;

    void declare(CLI::App& c) {
        c.add_option("session", id, _("the drill: 3 or TRN-3"))->required();
        c.add_option("--went-wrong", report.went_wrong, _("what went wrong in the drill (or that nothing did)"))
            ->required()
            ->type_name("TEXT");
        c.add_option("--lessons", report.lessons, _("what the drill taught"))->required()->type_name("TEXT");
        c.add_option("--at", at, _("when it ended (RFC 3339, 'YYYY-MM-DD HH:MM' or now; default: now)"))
            ->type_name("TIME");
    }
    int run(cli::Session& s) {
        report.at = at_of(s, at);
        auto f = training::finish_drill(*s.db, s.policy, s.origin(), training::parse_session_id(id), report,
                                        timeutil::now());
        s.notice(_f("{} finished at {}", training::session_ref(f.session.id),
                    s.local(timeutil::parse_time(f.session.finished_at, "UTC"))));
        if (!f.not_done.empty()) {
            std::string steps;
            for (auto n : f.not_done) steps += (steps.empty() ? "" : ", ") + std::to_string(n);
            s.notice(_f("steps not checked off: {}; the record shows them as not done", steps));
        }
        return 0;
    }
};

struct Show {
    std::string id, lang;

    void declare(CLI::App& c) {
        c.add_option("session", id, _("the drill: 3 or TRN-3"))->required();
        c.add_option("--lang", lang, _("the language of -f html or markdown: zh or en (default: from LANG)"));
    }
    int run(cli::Session& s) {
        auto session = training::parse_session_id(id);
        if (s.options.format != "html" && s.options.format != "markdown") {
            s.print(training::drill_step_records(training::drill_steps(*s.db, session)));
            return 0;
        }
        Lang language = !lang.empty()                             ? parse_lang(lang)
                        : i18n::language_from_env() == "zh_CN" ? Lang::zh
                                                                  : Lang::en;
        auto page = training::drill_page(s.policy, training::drill_sheet(*s.db, session), language);
        std::cout << (s.options.format == "html" ? io::render_html(page) : io::render_markdown(page));
        return 0;
    }
};

} // namespace drill
