# RSA key management: generation, the trusted-key store and pins, the HTTPS key-server client,
# the RSA→MD5 fallback policy, and the `keygen` / `keys` CLI commands.
iax_add_qtest(tst_keys_keygen SOURCES tst_keys_keygen.cpp LIBS iax_keys iax_protocol OpenSSL::Crypto Qt6::Core
  LABELS keys crypto)
iax_add_qtest(tst_keys_store SOURCES tst_keys_store.cpp LIBS iax_keys Qt6::Core LABELS keys)
iax_add_qtest(tst_keys_server SOURCES tst_keys_server.cpp ${PROJECT_SOURCE_DIR}/app/cli/cmd_keygen.cpp
  LIBS iax_keys OpenSSL::Crypto Qt6::Core Qt6::Network LABELS keys TIMEOUT 120)
iax_add_qtest(tst_keys_fallback SOURCES tst_keys_fallback.cpp LIBS iax_keys LABELS keys)
# The CLI commands (app/cli/cmd_keygen.cpp) are compiled in directly (not via iax_cli) so this suite does not depend on the
# audio/phone parts of the CLI library.
iax_add_qtest(tst_keys_cli SOURCES tst_keys_cli.cpp ${PROJECT_SOURCE_DIR}/app/cli/cmd_keygen.cpp
  ${PROJECT_SOURCE_DIR}/app/cli/cmd_keygen.h LIBS iax_keys Qt6::Core Qt6::Network LABELS keys)
