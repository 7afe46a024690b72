# Desktop GUI (issue 7), all offscreen (QT_QPA_PLATFORM=offscreen; no system tray there):
#  - tst_ui_calls: engine events → CallTracker → call list model, indicator, panel, details
#  - tst_ui_call_store: the one per-call store (CallListModel rows with the GUI's fields, noted
#    before the first snapshot too), the history entry from the final snapshot, the window reading it
#  - tst_ui_in_call: in a call (issue 21) — the main pad's DTMF, Hold/Mute labels, secure-dial
#    titles and one duration clock, plain failure sentences kept until dismissed, the padlock icon
#  - tst_ui_secure_dial: digits only after Encrypted (fake controller) and through the main window
#  - tst_ui_settings: the settings dialog round-trips every field, rejects bad input, persistence
#  - tst_ui_keys: the RSA key lifecycle in the GUI — generate (in a worker: responsive dialog,
#    cancel/close mid-generation writes nothing) and export in the account editor, the Trusted keys
#    page, authDetails in the call details
#  - tst_ui_key_server: the controller's key lookup against a local HTTPS key server (pin → key
#    notice, refused change → security banner, MD5 fallback), conflicting key servers
#  - tst_ui_keychain: the secret goes to the OS keychain (a private gnome-keyring), not the INI
#  - tst_ui_e2e: the main window with the production controller calls a real
#    `iaxphone-cli listen --answer echo --encryption required` over UDP, with PortAudio on a
#    PulseAudio null sink; saves a screenshot (build dir: tests/ui-e2e-call.png)
#  - tst_ui_incoming: the window registered to a PBX (the Engine on a UDP socket) rings for the
#    PBX's call (no USERNAME), shows the caller, answers it encrypted; other addresses are refused
#  - tst_ui_app: the real `iaxphone` binary: arguments, single instance forwarding a URI
#  - tst_ui_single_instance: the socket only in a private directory (mode 0700, ours), or none
#  - tst_ui_registration: quitting unregisters first (asks when calls are up), a missing secret
#    opens its account's settings, another account's failed registration is said (issue 21 items 2–4)
#  - tst_ui_links: an iax2: link asks before calling (number, account, encryption) unless allowed
#  - tst_ui_dialing: one Enter dials with the completion list open, which leaves Secure dial in
#    sight; calling a history entry again uses its account and mode and says so (issue 21 items 10–11)
#  - tst_ui_contacts: a vCard file imported in the Contacts window, a contact found by name in the
#    dial field and dialled (with its number's account), "always encrypted" requiring encryption
#    or refused, an incoming call from a contact's number shown with the name (issue 18)
#  - tst_ui_layout: at 800×600 and 1400×900 the window keeps its size (idle, in a call, keypad
#    open, a long failure) and everything fits (no horizontal scrollbar, labels elided with the
#    whole text on hover or wrapped, buttons wide enough); dial pad keys capped; inactive
#    selection readable; the settings dialog fits, its page icons match; Settings shortcut
#    (issue 21 items 12–13). IAXPHONE_SCREENSHOT_DIR saves the screenshots of docs/screenshots/
#  - tst_ui_desk_features: issue 18 over UDP against a PBX in the process — blind and attended
#    transfer (encrypted TRANSFER on the wire), Hold's CONTROL HOLD/UNHOLD, voicemail badge and
#    button, DND per account and global (REJECT cause 17), auto-answer after N s and at the
#    PBX's request (AUTOANSWER honoured or ringing), chat in a call
if(IAXPHONE_GUI)
  set(IAX_UI_TEST_LIBS iax_ui Qt6::Widgets)
  iax_add_qtest(tst_ui_calls SOURCES tst_ui_calls.cpp LIBS ${IAX_UI_TEST_LIBS} LABELS ui)
  iax_add_qtest(tst_ui_call_store SOURCES tst_ui_call_store.cpp LIBS ${IAX_UI_TEST_LIBS} LABELS ui)
  iax_add_qtest(tst_ui_in_call SOURCES tst_ui_in_call.cpp LIBS ${IAX_UI_TEST_LIBS} LABELS ui)
  iax_add_qtest(tst_ui_secure_dial SOURCES tst_ui_secure_dial.cpp LIBS ${IAX_UI_TEST_LIBS} LABELS ui)
  iax_add_qtest(tst_ui_settings SOURCES tst_ui_settings.cpp LIBS ${IAX_UI_TEST_LIBS} LABELS ui)
  # Issue 19: "Echo cancellation on headsets too" in a call's real media session (a fake device)
  iax_add_qtest(tst_ui_headset_echo SOURCES tst_ui_headset_echo.cpp LIBS ${IAX_UI_TEST_LIBS} LABELS ui audio)
  iax_add_qtest(tst_ui_keys SOURCES tst_ui_keys.cpp support/https_key_server.h
                LIBS ${IAX_UI_TEST_LIBS} OpenSSL::Crypto Qt6::Network LABELS ui keys TIMEOUT 180
                ENV ${IAX_TLS_ASAN_ENV})
  iax_add_qtest(tst_ui_key_server SOURCES tst_ui_key_server.cpp support/https_key_server.h
                LIBS ${IAX_UI_TEST_LIBS} OpenSSL::Crypto Qt6::Network LABELS ui keys TIMEOUT 180
                ENV ${IAX_TLS_ASAN_ENV})
  iax_add_qtest(tst_ui_keychain SOURCES tst_ui_keychain.cpp LIBS ${IAX_UI_TEST_LIBS}
                WRAPPER ${CMAKE_CURRENT_SOURCE_DIR}/scripts/with-keyring.sh LABELS ui TIMEOUT 120)
  iax_add_qtest(tst_ui_e2e SOURCES tst_ui_e2e.cpp LIBS ${IAX_UI_TEST_LIBS} PkgConfig::SNDFILE ENV ${IAX_SOUND_ASAN_ENV}
                WRAPPER ${CMAKE_CURRENT_SOURCE_DIR}/scripts/with-pulse.sh LABELS ui e2e audio TIMEOUT 180)
  add_dependencies(tst_ui_e2e iaxphone-cli)
  # Issue 19: headset buttons on the HID telephony page — the parser and mapper on real descriptors,
  # and a headset driving calls through the window (its reports enter where hidapi's thread hands them)
  iax_add_qtest(tst_headset_hid SOURCES tst_headset_hid.cpp support/hid_descriptors.h LIBS iax_ui LABELS ui)
  iax_add_qtest(tst_ui_headset_buttons SOURCES tst_ui_headset_buttons.cpp support/udp_engine.h support/hid_descriptors.h
                LIBS ${IAX_UI_TEST_LIBS} Qt6::Network LABELS ui e2e TIMEOUT 120)
  iax_add_qtest(tst_ui_media_keys SOURCES tst_ui_media_keys.cpp support/udp_engine.h
                LIBS ${IAX_UI_TEST_LIBS} Qt6::Network Qt6::DBus WRAPPER dbus-run-session LABELS ui e2e TIMEOUT 120)
  iax_add_qtest(tst_ui_ringer SOURCES tst_ui_ringer.cpp LIBS ${IAX_UI_TEST_LIBS} ENV ${IAX_SOUND_ASAN_ENV}
                WRAPPER ${CMAKE_CURRENT_SOURCE_DIR}/scripts/with-pulse.sh LABELS ui audio TIMEOUT 120)
  iax_add_qtest(tst_ui_incoming SOURCES tst_ui_incoming.cpp support/udp_engine.h LIBS ${IAX_UI_TEST_LIBS} Qt6::Network
                LABELS ui e2e TIMEOUT 120)
  # Issue 20: two windows with production controllers call each other end to end: the same SAS words.
  iax_add_qtest(tst_ui_e2e_sas SOURCES tst_ui_e2e_sas.cpp LIBS ${IAX_UI_TEST_LIBS} Qt6::Network LABELS ui e2e TIMEOUT 120)
  # ... the trust list survives the Settings dialog applying its older copy
  iax_add_qtest(tst_ui_e2e_trust_settings SOURCES tst_ui_e2e_trust_settings.cpp LIBS ${IAX_UI_TEST_LIBS} LABELS ui)
  # ... a contact marked "always end-to-end": calls to it and from it without the mode are refused
  iax_add_qtest(tst_ui_e2e_contact SOURCES tst_ui_e2e_contact.cpp support/udp_engine.h LIBS ${IAX_UI_TEST_LIBS} Qt6::Network LABELS ui e2e TIMEOUT 120)
  iax_add_qtest(tst_ui_app SOURCES tst_ui_app.cpp LIBS Qt6::Core Qt6::Network LABELS ui e2e TIMEOUT 180)
  add_dependencies(tst_ui_app iaxphone iaxphone-cli)
  iax_add_qtest(tst_ui_single_instance SOURCES tst_ui_single_instance.cpp LIBS iax_phone LABELS ui)
  iax_add_qtest(tst_ui_links SOURCES tst_ui_links.cpp LIBS ${IAX_UI_TEST_LIBS} LABELS ui)
  iax_add_qtest(tst_ui_registration SOURCES tst_ui_registration.cpp support/udp_engine.h LIBS ${IAX_UI_TEST_LIBS}
                Qt6::Network LABELS ui)
  iax_add_qtest(tst_ui_layout SOURCES tst_ui_layout.cpp LIBS ${IAX_UI_TEST_LIBS} OpenSSL::Crypto LABELS ui)
  iax_add_qtest(tst_ui_dialing SOURCES tst_ui_dialing.cpp LIBS ${IAX_UI_TEST_LIBS} LABELS ui)
  iax_add_qtest(tst_ui_contacts SOURCES tst_ui_contacts.cpp LIBS ${IAX_UI_TEST_LIBS} LABELS ui)
  # the contact editor: add, edit, cancel, refused input said, "always encrypted" round trip
  iax_add_qtest(tst_ui_contact_editor SOURCES tst_ui_contact_editor.cpp LIBS ${IAX_UI_TEST_LIBS} LABELS ui)
  # tst_ui_quality: the call-quality icon and the live encryption details (issue 18, desktop)
  iax_add_qtest(tst_ui_quality SOURCES tst_ui_quality.cpp LIBS ${IAX_UI_TEST_LIBS} PkgConfig::SNDFILE LABELS ui)
  # tst_ui_keyboard: shortcuts for every call action, DTMF from the keyboard, an accessible name on
  # every focusable control of the main window and the settings dialog (issue 18, desktop)
  iax_add_qtest(tst_ui_keyboard SOURCES tst_ui_keyboard.cpp LIBS ${IAX_UI_TEST_LIBS} LABELS ui)
  iax_add_qtest(tst_ui_desk_features SOURCES tst_ui_desk_features.cpp support/udp_engine.h
                LIBS ${IAX_UI_TEST_LIBS} iax_analysis Qt6::Network LABELS ui e2e TIMEOUT 180)
endif()
