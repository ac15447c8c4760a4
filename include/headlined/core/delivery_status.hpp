#pragma once

#include <string_view>

#include "headlined/core/types.hpp"

namespace headlined {

// "pending", "sent", "dead": the outbox's status column on either database, and what the
// admin commands print.
const char* delivery_status_name(DeliveryStatus status);

// The status a stored name stands for (anything unknown reads as pending).
DeliveryStatus parse_delivery_status(std::string_view name);

}  // namespace headlined
