#include "netsec/journal/import.hpp"

#include "netsec/core/i18n.hpp"

namespace netsec::journal {

std::string nothing_imported() { return _("nothing was imported"); }

bool is_bad_input(const Error& e) { return e.code() == Exit::data || e.code() == Exit::usage; }

} // namespace netsec::journal
