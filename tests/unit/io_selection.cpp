#include "netsec/core/error.hpp"
#include "netsec/io/selection.hpp"

#include <doctest/doctest.h>
#include <map>
#include <sstream>

using namespace netsec;
using namespace netsec::io;

namespace {

struct Pupil {
    std::string name, class_name;
};

const std::vector<Pupil> pupils = {{"s1", "2020级3班"}, {"s2", "2020级4班"}, {"s3", "2021级1班"}};

SelectionOptions options() {
    SelectionOptions o;
    o.key = "username";
    o.nothing_named = "name the pupils";
    o.not_done = "nothing was changed";
    return o;
}

Selection read_args(const SelectionArgs& args, const std::string& input = "") {
    std::istringstream in(input);
    return read_selection(args, options(), in);
}

Resolver<Pupil> resolver() {
    Resolver<Pupil> r;
    r.key = "username";
    r.not_done = "nothing was changed";
    r.not_done_unknown = "nothing was changed; 'list' shows them";
    r.find = [](const std::string& name) -> std::optional<Pupil> {
        for (const auto& p : pupils)
            if (p.name == name) return p;
        return std::nullopt;
    };
    r.match = [](const std::string& pattern) {
        std::vector<Pupil> out;
        for (const auto& p : pupils)
            if (matches(pattern, p.class_name)) out.push_back(p);
        return out;
    };
    r.key_of = [](const Pupil& p) { return p.name; };
    r.unknown = [](const std::string& name) { return "no pupil '" + name + "'"; };
    r.no_match = [](const std::string& pattern) { return "no class matching '" + pattern + "'"; };
    r.no_key = [](const std::string& key) { return "no '" + key + "' in this record"; };
    return r;
}

std::string names_of(const std::vector<Pupil>& got) {
    std::string out;
    for (const auto& p : got) out += p.name + " ";
    return out;
}

std::pair<Exit, std::string> refusal(const Selection& s) {
    try {
        select(s, resolver());
    } catch (const Error& e) {
        return {e.code(), e.what()};
    }
    FAIL("accepted");
    return {};
}

} // namespace

TEST_CASE("a selection takes names, then standard input, then a pattern, each record once") {
    Selection s = read_args({{"s3", "-"}, "2020级*"}, "s1\ns3\n");
    CHECK(s.names == std::vector<std::string>{"s3"});
    CHECK(s.records.size() == 2);
    CHECK(names_of(select(s, resolver())) == "s3 s1 s2 ");
}

TEST_CASE("standard input may be JSON Lines carrying the key, as list -f jsonl writes") {
    Selection s = read_args({{"-"}, ""}, "{\"username\":\"s2\",\"class\":\"2020级4班\"}\n{\"username\":\"s1\"}\n");
    CHECK(names_of(select(s, resolver())) == "s2 s1 ");
}

TEST_CASE("nothing named is a usage error in the register's words") {
    CHECK_THROWS_WITH_AS(read_args({}), "name the pupils", Error);
    try {
        read_args({});
    } catch (const Error& e) {
        CHECK(e.code() == Exit::usage);
    }
}

TEST_CASE("every unknown name and record without its key is listed, exit 66") {
    Selection s =
        read_args({{"nobody", "-"}, ""}, "{\"username\":\"s1\"}\n{\"username\":\"ghost\"}\n{\"name\":\"x\"}\n");
    CHECK(refusal(s) == std::pair{Exit::no_input, std::string("no pupil 'nobody'\n<stdin>:2: no pupil 'ghost'\n"
                                                              "<stdin>:3: no 'username' in this record\n"
                                                              "nothing was changed; 'list' shows them")});
}

TEST_CASE("a pattern that matches nothing is a problem too") {
    CHECK(refusal(read_args({{}, "2019级*"})) ==
          std::pair{Exit::no_input, std::string("no class matching '2019级*'\nnothing was changed")});
}

TEST_CASE("standard input is bounded, and refused whole when over the bound") {
    SelectionOptions o = options();
    o.max_input = 8;
    std::istringstream small("s1\ns2\n");
    CHECK(read_selection({{"-"}, ""}, o, small).records.size() == 2);
    std::istringstream big("s1\ns2\ns3\n");
    try {
        read_selection({{"-"}, ""}, o, big);
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        CHECK(std::string(e.what()) ==
              "<stdin> holds more than 8 bytes of names; select fewer at once\nnothing was changed");
    }
}

TEST_CASE("a bad line of standard input names its line") {
    CHECK_THROWS_WITH_AS(read_args({{"-"}, ""}, "{\"username\":\"s1\"}\n{broken\n"), doctest::Contains("<stdin>:2:"),
                         Error);
}

TEST_CASE("patterns are shell patterns") {
    CHECK(matches("2020级*", "2020级3班"));
    CHECK(matches("20?0级[34]班", "2020级4班"));
    CHECK_FALSE(matches("2020级[!34]班", "2020级4班"));
    CHECK_FALSE(matches("2020*", "2021级1班"));
}
