// netsec-training's session commands: session add, list, show (included by main.cpp, whose
// table lists them).
#pragma once
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/io/document.hpp"
#include "netsec/training/records.hpp"
#include "netsec/training/session_register.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace session {

using namespace netsec;

struct Add {
    training::SessionRequest r;

    void declare(CLI::App& c) {
        auto& n = r.session;
        c.add_option("--date", n.date, _("the day it was held, YYYY-MM-DD"))->required()->type_name("DATE");
        c.add_option("--title", n.title, _("what it was about"))->required();
        c.add_option("--kind", n.kind, _("staff, pupil, drill, campaign or external"))->required();
        c.add_option("--hours", n.hours, _("how long it lasted, in hours (1.5)"))->required()->type_name("H");
        c.add_option("--trainer", n.trainer, _("who taught it"))->type_name("NAME");
        c.add_option("--audience", r.audience,
                     _("who it was for: staff, all, grade:3, class:3-2 (repeat, or separate by spaces or commas)"))
            ->type_name("WORDS");
        c.add_option("--material", r.materials,
                     _("a file of its materials, kept with its SHA-256 (repeat for several)"))
            ->type_name("FILE");
        c.add_option("--plan", n.plan, _("a drill's emergency plan: the incident category whose playbook it runs"))
            ->type_name("CODE");
        c.add_option("--note", n.note, _("a note"));
    }
    int run(cli::Session& s) {
        auto row = training::record_session(*s.db, s.policy, s.origin(), r, timeutil::now());
        if (s.options.format_given)
            s.print(training::session_records({row}));
        else
            std::cout << training::session_ref(row.id) << '\n'; // plain, for TRN=$(netsec-training session add ...)
        return 0;
    }
};

struct List {
    training::SessionQuery q;

    void declare(CLI::App& c) {
        c.add_option("--school-year", q.school_year, _("only the school year that starts in this year, e.g. 2026"))
            ->type_name("YEAR");
        c.add_option("--kind", q.kind, _("only sessions of this kind"));
    }
    int run(cli::Session& s) {
        s.print(training::session_records(training::list_sessions(*s.db, s.policy, q)));
        return 0;
    }
};

struct Show {
    std::string id;

    void declare(CLI::App& c) { c.add_option("session", id, _("the session, e.g. TRN-3"))->required(); }
    int run(cli::Session& s) {
        std::cout << io::render_document(training::session_document(*s.db, id), s.format(), s.policy.school.timezone);
        return 0;
    }
};

} // namespace session
