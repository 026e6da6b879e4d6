// A selection: the records a command acts on, chosen by names given as arguments, by a shell
// pattern, or by `-`, which reads more from standard input — one id a line, or JSON Lines
// objects carrying the key field (what `list -f jsonl` of the same register writes). The
// register resolves what was named against its records through callbacks; every name it
// does not know is reported at once, in the wording of core/problems.hpp.
//
// Decisions:
// - Reading and resolving are two steps: read_selection() parses the arguments and standard
//   input (io's business), select() asks the register for each name and for the pattern (the
//   register's business). io knows no register, so the register supplies a find and a match.
// - Standard input is bounded (max_input bytes, 16 MiB by default: a million usernames): a
//   runaway pipe is refused with exit 65 before it is held in memory, not after.
// - What the pattern is matched against is the register's choice (accounts match a class
//   name, in SQL GLOB as `list --class` does); matches() is fnmatch(3) for registers that
//   match in memory. A pattern that matches nothing is a problem, as an unknown name is.
// - Each record is selected once, in the order first named; a record without the key field is
//   a problem of its line. The problems end in `not_done` and exit 66 (no_input), as a name
//   that is not there is missing input, not malformed input.
#pragma once
#include "netsec/core/problems.hpp"
#include "netsec/io/records.hpp"

#include <cstddef>
#include <functional>
#include <istream>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace netsec::io {

// What the arguments named, as typed.
struct SelectionArgs {
    std::vector<std::string> names; // "-" among them reads more from standard input
    std::string pattern;            // a shell pattern, "" for none
};

struct Selection {
    std::vector<std::string> names; // the names given as arguments, "-" left out
    std::string pattern;            // "" for none
    std::vector<Record> records;    // read from standard input, when "-" was given
    std::string source = "<stdin>"; // names `records` in messages
};

struct SelectionOptions {
    std::string key = "id";                        // the key field in JSON Lines; a plain line is its value
    std::string nothing_named;                     // the usage message when nothing at all is named
    std::string not_done;                          // the last line of every problem message
    std::size_t max_input = std::size_t(16) << 20; // bytes read from standard input at most
};

// The selection `args` name, reading `in` when "-" is among the names. Throws Error(usage,
// nothing_named) when nothing is named, Error(data) for bad input or input over max_input.
Selection read_selection(const SelectionArgs& args, const SelectionOptions& options, std::istream& in);

// True when `text` matches the shell pattern `pattern` (fnmatch(3), no flags).
bool matches(const std::string& pattern, const std::string& text);

// How a register resolves a selection into its records.
template <class Item>
struct Resolver {
    std::string key;              // the field of standard input's records that names one
    std::string not_done;         // the last line of the problems
    std::string not_done_unknown; // instead, when a name is unknown (may name the list command)
    std::function<std::optional<Item>(const std::string& name)> find;   // the record of that key
    std::function<std::vector<Item>(const std::string& pattern)> match; // the records the pattern takes
    std::function<std::string(const Item&)> key_of;                     // its key, to select it once
    std::function<std::string(const std::string& name)> unknown;        // "no account 'x'"
    std::function<std::string(const std::string& pattern)> no_match;    // "no account in a class matching 'x'"
    std::function<std::string(const std::string& key)> no_key;          // "no 'username' in this record"
};

// The records `selection` names, each once, in the order named: the names, then standard
// input's records, then the pattern's. Throws Error(no_input) listing every problem (an
// unknown name, a record without its key, a pattern matching nothing), then r.not_done.
template <class Item>
std::vector<Item> select(const Selection& selection, const Resolver<Item>& r) {
    std::vector<Item> out;
    std::set<std::string> seen;
    Problems problems(selection.source);
    bool unknown = false;
    auto take = [&](const std::string& name, std::size_t line) {
        if (seen.count(name)) return;
        if (auto item = r.find(name)) {
            seen.insert(name);
            out.push_back(std::move(*item));
        } else {
            unknown = true;
            if (line == 0)
                problems.add(r.unknown(name));
            else
                problems.add(line, r.unknown(name));
        }
    };
    for (const auto& name : selection.names) take(name, 0);
    for (const auto& rec : selection.records) {
        auto it = rec.fields.find(r.key);
        if (it == rec.fields.end() || !it->is_string() || it->template get<std::string>().empty())
            problems.add(rec.line, r.no_key(r.key));
        else
            take(it->template get<std::string>(), rec.line);
    }
    if (!selection.pattern.empty()) {
        auto matched = r.match(selection.pattern);
        if (matched.empty()) problems.add(r.no_match(selection.pattern));
        for (auto& item : matched)
            if (seen.insert(r.key_of(item)).second) out.push_back(std::move(item));
    }
    problems.throw_if_any(unknown && !r.not_done_unknown.empty() ? r.not_done_unknown : r.not_done, Exit::no_input);
    return out;
}

} // namespace netsec::io
