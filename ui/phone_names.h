#pragma once
// The widgets of ui/ use the phone layer's types (core/phone, namespace iax::phone) unqualified,
// as they did when those types lived here.
namespace iax::phone { }
namespace iax::ui {
using namespace iax::phone;
}
