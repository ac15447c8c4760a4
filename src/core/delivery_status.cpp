#include "headlined/core/delivery_status.hpp"

namespace headlined {

const char* delivery_status_name(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::Pending:
      return "pending";
    case DeliveryStatus::Sent:
      return "sent";
    case DeliveryStatus::Dead:
      return "dead";
  }
  return "pending";
}

DeliveryStatus parse_delivery_status(std::string_view name) {
  if (name == "sent") return DeliveryStatus::Sent;
  if (name == "dead") return DeliveryStatus::Dead;
  return DeliveryStatus::Pending;
}

}  // namespace headlined
