// libFuzzer target: the policy loader. Any input may be refused with netsec::Error; any other
// exception, a crash or a sanitizer report is a bug. An accepted policy is also turned into
// the JSON `netsec-policy show` prints, which must not throw either.
#include "netsec/core/error.hpp"
#include "netsec/policy/policy.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        netsec::policy::Policy p = netsec::policy::parse_policy(text, "fuzz.yaml");
        std::string shown = netsec::policy::to_json(p).dump(2);
        (void)shown;
    } catch (const netsec::Error&) {
    }
    return 0;
}
