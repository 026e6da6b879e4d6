// The policy's `training` section (netsec-training): the goals coverage is measured against.
#pragma once

namespace netsec::policy {

struct Training {};

} // namespace netsec::policy
