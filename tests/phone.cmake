# The phone layer (core/phone) without Widgets or a sound system:
#  - tst_phone_controller: EnginePhoneController with a fake CallAudio against a PBX Engine on UDP
#    (the media request, mute/hold/DTMF reaching the media, device switches and failures reported)
iax_add_qtest(tst_phone_controller SOURCES tst_phone_controller.cpp support/udp_engine.h
  LIBS iax_phone Qt6::Core Qt6::Network LABELS phone TIMEOUT 120)
target_compile_definitions(tst_phone_controller PRIVATE QT_NO_EMIT)
#  - tst_phone_registration: the registration lifecycle (issue 21 items 1–3) against a registrar on
#    UDP: saving settings releases before re-registering, shutdown() releases every registration,
#    a missing secret is said as such
iax_add_qtest(tst_phone_registration SOURCES tst_phone_registration.cpp support/udp_engine.h
  LIBS iax_phone Qt6::Core Qt6::Network LABELS phone TIMEOUT 120)
target_compile_definitions(tst_phone_registration PRIVATE QT_NO_EMIT)
#  - tst_phone_features: issue 18 in the phone layer (voicemail count per account, DND and
#    auto-answer of incoming calls)
iax_add_qtest(tst_phone_features SOURCES tst_phone_features.cpp LIBS iax_phone Qt6::Core Qt6::Test LABELS phone)
target_compile_definitions(tst_phone_features PRIVATE QT_NO_EMIT)
#  - tst_phone_contacts: issue 18's contacts: vCard 3.0/4.0 and CSV (RFC 4180) read and written,
#    a table of malformed cards and rows skipped and reported, the contacts file (a damaged one
#    kept aside), number matching and what the dial field's "Name — number" calls
iax_add_qtest(tst_phone_contacts SOURCES tst_phone_contacts.cpp LIBS iax_phone Qt6::Core Qt6::Test LABELS phone)
target_compile_definitions(tst_phone_contacts PRIVATE QT_NO_EMIT)
#  - tst_phone_quality: the call-quality estimate (simplified G.107 E-model) against its reference
#    points, and the tracker's live statistics (encryption counters and quality follow CallStats)
iax_add_qtest(tst_phone_quality SOURCES tst_phone_quality.cpp LIBS iax_phone Qt6::Core Qt6::Test LABELS phone)
target_compile_definitions(tst_phone_quality PRIVATE QT_NO_EMIT)
#  - tst_phone_settings_map: SettingsMap, the in-memory QSettings stand-in of the settings fuzzer,
#    against QSettings and the INI file (same keys, same values, the same Settings read)
iax_add_qtest(tst_phone_settings_map SOURCES tst_phone_settings_map.cpp LIBS iax_phone Qt6::Core Qt6::Test LABELS phone)
# Issue 20: the end-to-end trust list and its place in the settings file.
iax_add_qtest(tst_phone_e2e_trust SOURCES tst_phone_e2e_trust.cpp LIBS iax_phone Qt6::Core Qt6::Test LABELS phone)
# ... the identity in the keychain and its pin in the trust list
iax_add_qtest(tst_phone_e2e_identity SOURCES tst_phone_e2e_identity.cpp LIBS iax_phone Qt6::Core Qt6::Test LABELS phone)
# A keychain that keeps us waiting (a keyring asking for its password): the user is told, waited for, may go on without
iax_add_qtest(tst_phone_keychain_wait SOURCES tst_phone_keychain_wait.cpp LIBS iax_phone Qt6::Core Qt6::Test LABELS phone)
