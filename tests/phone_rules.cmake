# The phone layer's rules, once for both front ends (issue 17):
#  - tst_phone_engine_config: accounts/options → EngineConfig, UserConfig, DialRequest,
#    RegistrationRequest (DATETIME, rotation, codecs, RSA keys, policy, key-fetch bound)
#  - tst_phone_secure_dial: the secure-dial state machine in virtual time
#  - tst_phone_redial: calling a history entry again (account, number, secure dial or not) and
#    history files from before each entry said its mode
iax_add_qtest(tst_phone_engine_config SOURCES tst_phone_engine_config.cpp LIBS iax_phone OpenSSL::Crypto LABELS phone)
iax_add_qtest(tst_phone_secure_dial SOURCES tst_phone_secure_dial.cpp LIBS iax_phone LABELS phone)
iax_add_qtest(tst_phone_redial SOURCES tst_phone_redial.cpp LIBS iax_phone LABELS phone)
