# The phone layer (core/phone) without Widgets or a sound system:
#  - tst_phone_controller: EnginePhoneController with a fake CallAudio against a PBX Engine on UDP
#    (the media request, mute/hold/DTMF reaching the media, device switches and failures reported)
iax_add_qtest(tst_phone_controller SOURCES tst_phone_controller.cpp support/udp_engine.h
  LIBS iax_phone Qt6::Core Qt6::Network LABELS phone TIMEOUT 120)
target_compile_definitions(tst_phone_controller PRIVATE QT_NO_EMIT)
