// netsec-duty's roster commands: roster generate, list and ical, and swap (included by
// main.cpp, whose table lists them).
#pragma once
#include "netsec/cli/command.hpp"
#include "netsec/core/date.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/duty/records.hpp"
#include "netsec/duty/roster_month.hpp"
#include "netsec/duty/swap.hpp"
#include "netsec/io/page.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace duty_roster {

using namespace netsec;

// The month named by --month, or the one `now` falls in.
inline date::Month month_or_current(const std::string& text, const cli::Session& s) {
    if (!text.empty()) return date::parse_month(text, "--month");
    return date::month_of(date::of(timeutil::now(), s.policy.school.timezone));
}

struct Generate {
    std::string month;
    bool replace = false;

    void declare(CLI::App& c) {
        c.add_option("--month", month, _("the month to fill, YYYY-MM"))->required()->type_name("MONTH");
        c.add_flag("--replace", replace, _("generate a month again; slots already begun are kept"));
    }
    int run(cli::Session& s) {
        auto g = duty::generate_month(*s.db, s.policy, s.origin(), date::parse_month(month, "--month"),
                                      replace ? duty::Replace::yes : duty::Replace::no, timeutil::now());
        s.notice(_f("generated the roster of {}: {} slots, {} without a person, {} begun and kept", g.month,
                    g.slots.size(), g.unfilled, g.kept));
        s.print(duty::count_records(g.counts));
        return g.unfilled == 0 ? 0 : 1;
    }
};

struct List {
    std::string month;

    void declare(CLI::App& c) {
        c.add_option("--month", month, _("the month, YYYY-MM (default: this month)"))->type_name("MONTH");
    }
    int run(cli::Session& s) {
        auto m = month_or_current(month, s);
        auto slots = duty::month_slots(*s.db, m);
        if (s.options.format == "html") {
            std::cout << io::render_html(duty::roster_page(s.policy, m, slots));
            return 0;
        }
        if (s.options.format == "markdown") {
            std::cout << io::render_markdown(duty::roster_page(s.policy, m, slots));
            return 0;
        }
        s.print(duty::slot_records(s.policy, slots));
        return 0;
    }
};

struct Ical {
    std::string month, user;

    void declare(CLI::App& c) {
        c.add_option("--month", month, _("only this month, YYYY-MM (default: every slot from this month on)"))
            ->type_name("MONTH");
        c.add_option("--user", user, _("only this person's slots"))->type_name("USER");
    }
    int run(cli::Session& s) {
        auto m = month_or_current(month, s);
        std::string from = date::format(date::first_day(m)), to = month.empty() ? "" : date::format(date::last_day(m));
        if (!month.empty()) duty::month_slots(*s.db, m); // a month never generated is an error
        std::cout << duty::slots_ical(*s.db, s.policy, duty::slots_between(*s.db, from, to, user), timeutil::now());
        return 0;
    }
};

struct Swap {
    std::string date, slot, with, reason;

    void declare(CLI::App& c) {
        c.add_option("date", date, _("the slot's day, YYYY-MM-DD"))->required()->type_name("DATE");
        c.add_option("slot", slot, _("the slot's name, e.g. night"))->required()->type_name("SLOT");
        c.add_option("--with", with, _("who takes the slot (someone on the rota)"))->required()->type_name("USER");
        c.add_option("--reason", reason, _("why, for the journal"));
    }
    int run(cli::Session& s) {
        auto swap = duty::swap_slot(*s.db, s.policy, s.origin(), date, slot, with, reason, timeutil::now());
        s.notice(_f("the {} slot of {} goes to {} instead of {}", swap.slot, swap.date, swap.to_username,
                    swap.from_username.empty() ? _("nobody") : swap.from_username));
        if (s.options.format_given) s.print(duty::swap_records({swap}));
        return 0;
    }
};

} // namespace duty_roster
