// netsec-duty's close command: a room's closing check against its checklist (included by
// main.cpp, whose table lists it).
#pragma once
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/duty/close.hpp"
#include "netsec/duty/records.hpp"

#include <CLI/CLI.hpp>

namespace duty_close {

using namespace netsec;

struct Close {
    std::string room, by, at, note;
    std::vector<std::string> items;

    void declare(CLI::App& c) {
        c.add_option("room", room, _("the room, as the policy names it (duty.rooms)"))->required()->type_name("ROOM");
        c.add_option("--by", by, _("who closed it (default: you)"))->type_name("USER");
        c.add_option("--item", items, _("each checklist item and its answer, e.g. power=ok doors=ok smoke=none"))
            ->type_name("ITEM=ANSWER")
            ->expected(1, -1);
        c.add_option("--at", at, _("when (RFC 3339, 'YYYY-MM-DD HH:MM' or now; default: now)"))->type_name("TIME");
        c.add_option("--note", note, _("a note"));
    }
    int run(cli::Session& s) {
        auto now = timeutil::now();
        auto closing =
            duty::close_room(*s.db, s.policy, s.origin(), room, by, items, note, s.time_or_now(at), now);
        std::string wrong;
        for (const auto& i : closing.items)
            if (!i.ok) wrong += (wrong.empty() ? "" : "; ") + i.item + ": " + i.answer;
        if (wrong.empty())
            s.notice(_f("closed {} for the evening of {}: all ok", closing.row.room, closing.row.date));
        else
            s.notice(_f("closed {} for the evening of {}, not ok: {}", closing.row.room, closing.row.date, wrong));
        if (s.options.format_given) s.print(duty::closing_records({closing}));
        return wrong.empty() ? 0 : 1;
    }
};

} // namespace duty_close
