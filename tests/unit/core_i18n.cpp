#include "netsec/core/i18n.hpp"

#include <cstdlib>
#include <doctest/doctest.h>

using namespace netsec;

namespace {
struct EnvGuard {
    ~EnvGuard() {
        for (const char* v : {"LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"}) ::unsetenv(v);
        i18n::set_language("en");
    }
};
} // namespace

TEST_CASE("the language follows LC_ALL, LC_MESSAGES, then LANG") {
    EnvGuard guard;
    ::setenv("LANG", "zh_CN.UTF-8", 1);
    CHECK(i18n::language_from_env() == "zh_CN");
    ::setenv("LC_ALL", "C", 1);
    CHECK(i18n::language_from_env() == "en");
    ::unsetenv("LC_ALL");
    ::setenv("LC_MESSAGES", "en_US.UTF-8", 1);
    CHECK(i18n::language_from_env() == "en");
    ::setenv("LANGUAGE", "zh_CN:en", 1);
    CHECK(i18n::language_from_env() == "zh_CN");
}

TEST_CASE("the zh_CN catalog translates the tools' messages") {
    EnvGuard guard;
    ::setenv("NETSEC_LOCALEDIR", NETSEC_BUILD_DIR "/share/locale", 1);
    i18n::set_language("zh_CN");
    REQUIRE(i18n::language() == "zh_CN");
    CHECK(std::string(_("the journal is empty")) != "the journal is empty");
    CHECK(_f("invalid duration '{}': expected a number and a unit, as in 90m, 12h, 7d or 2w", "x").find("'x'") !=
          std::string::npos);
    ::unsetenv("NETSEC_LOCALEDIR");
}

TEST_CASE("an unknown message stays in English") {
    EnvGuard guard;
    i18n::set_language("zh_CN");
    CHECK(std::string(_("no such message in any catalog")) == "no such message in any catalog");
}
