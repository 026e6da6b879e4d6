// netsec-training's session commands: session add, list, show (included by main.cpp, whose
// table lists them).
#pragma once
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/io/document.hpp"
#include "netsec/training/session.hpp"
#include "netsec/training/session_show.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace session {

using namespace netsec;

struct Add {
    training::NewSessionRequest r;

    void declare(CLI::App& c) {
        c.add_option("--date", r.date, _("the day it was held, YYYY-MM-DD"))->required()->type_name("DATE");
        c.add_option("--title", r.title, _("its title"))->required();
        c.add_option("--kind", r.kind, _("staff, pupil, drill, campaign or external"))->required();
        c.add_option("--hours", r.hours, _("how long it took, in hours (1.5)"))->required()->type_name("H");
        c.add_option("--trainer", r.trainer, _("who taught it"))->type_name("NAME");
        c.add_option("--audience", r.audience,
                     _("whom it was for: staff, all, grade:3, class:3-2 (repeat, or separate by commas)"))
            ->type_name("WORDS");
        c.add_option("--material", r.materials, _("a file of its materials, kept with its SHA-256 (repeat for several)"))
            ->type_name("FILE");
        c.add_option("--plan", r.plan, _("a drill's emergency plan: its playbook's category code, e.g. MAL"))
            ->type_name("CODE");
        c.add_option("--note", r.note, _("a note"));
    }
    int run(cli::Session& s) {
        auto session = training::add_session_with_materials(*s.db, s.policy, s.origin(), r, timeutil::now());
        if (s.options.format_given)
            s.print(training::session_records({session}));
        else
            std::cout << training::session_owner(session.id) << '\n'; // plain, for TRN=$(netsec-training session add ...)
        return 0;
    }
};

struct List {
    int school_year = 0;
    std::string kind;

    void declare(CLI::App& c) {
        c.add_option("--school-year", school_year, _("only the school year that starts in this year, e.g. 2026"))
            ->type_name("YEAR");
        c.add_option("--kind", kind, _("only sessions of this kind"));
    }
    int run(cli::Session& s) {
        s.print(training::session_records(training::list_sessions_of(*s.db, s.policy, school_year, kind)));
        return 0;
    }
};

struct Show {
    std::string id;

    void declare(CLI::App& c) { c.add_option("session", id, _("the session, e.g. TRN-3"))->required(); }
    int run(cli::Session& s) {
        std::cout << io::render_document(training::session_document(*s.db, s.origin(), id), s.format(),
                                         s.policy.school.timezone);
        return 0;
    }
};

} // namespace session
