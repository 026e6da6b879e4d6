// Message translation: msgids are English; catalogs are gettext .mo files built from
// share/locale/*.po. We read the .mo ourselves so that a translation works whether or not
// the machine has generated the zh_CN locale (glibc's gettext refuses when setlocale fails).
#pragma once
#include <fmt/format.h>
#include <string>
#include <string_view>

namespace netsec::i18n {

// The language the environment asks for: "zh_CN" or "en" (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
std::string language_from_env();

// Loads the catalog for `language` ("en" unloads); looks beside the running binary
// (../share/locale) and then, when `from_env_dir`, in NETSEC_LOCALEDIR. A missing catalog
// leaves English.
void set_language(const std::string& language, bool from_env_dir = true);

// The language now in use.
const std::string& language();

// The translation of `msgid`, or `msgid` itself.
const char* translate(const char* msgid);

} // namespace netsec::i18n

// _("text") marks and translates; _f("text {}", args...) also formats (xgettext keywords _ and _f).
#define _(msgid) ::netsec::i18n::translate(msgid)
template <typename... Args>
std::string _f(const char* msgid, Args&&... args) {
    return fmt::format(fmt::runtime(::netsec::i18n::translate(msgid)), std::forward<Args>(args)...);
}
