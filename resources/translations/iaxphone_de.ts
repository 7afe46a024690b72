<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <location filename="../../ui/keychain_secret_store.cpp" line="28"/>
        <source>The keychain did not answer within %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/keychain_secret_store.cpp" line="38"/>
        <source>Keychain error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/qsettings_store.cpp" line="24"/>
        <source>The settings file %1 could not be read; defaults are used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/qsettings_store.cpp" line="115"/>
        <source>The settings could not be written to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_persistence.cpp" line="16"/>
        <source>The secrets of &quot;%1&quot; could not be read from the keychain: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_persistence.cpp" line="38"/>
        <source>The secret of &quot;%1&quot; could not be stored in the keychain: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_persistence.cpp" line="44"/>
        <source>The key passphrase of &quot;%1&quot; could not be stored in the keychain: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::ui::AccountEditor</name>
    <message>
        <location filename="../../ui/account_editor.cpp" line="37"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="41"/>
        <source>Rotate keys</source>
        <translation>Schlüssel wechseln</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="44"/>
        <source>Dial through the secure dial extension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="49"/>
        <source>Allow MD5+AES when RSA is unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="54"/>
        <source>pbx.example.net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="55"/>
        <source>MD5 challenge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="56"/>
        <source>RSA signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="57"/>
        <source>Off — never encrypt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="58"/>
        <source>Opportunistic — encrypt when the peer agrees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="59"/>
        <source>Required — refuse unencrypted calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="61"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="62"/>
        <source>Automatic (as Asterisk)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="65"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="67"/>
        <source> ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="72"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="74"/>
        <source>Account name:</source>
        <translation>Kontoname:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="78"/>
        <source>Host and port:</source>
        <translation>Host und Port:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="79"/>
        <source>User name:</source>
        <translation>Benutzername:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="80"/>
        <source>Secret:</source>
        <translation>Geheimnis:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="82"/>
        <source>Security</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="84"/>
        <source>Encryption:</source>
        <translation>Verschlüsselung:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="85"/>
        <source>Authentication:</source>
        <translation>Authentifizierung:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="89"/>
        <source>Private key:</source>
        <translation>Privater Schlüssel:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="90"/>
        <source>Key passphrase:</source>
        <translation>Schlüssel-Passphrase:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="94"/>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="95"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="100"/>
        <source>Trusted public keys:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="104"/>
        <source>Key rotation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="105"/>
        <source>Key server URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="108"/>
        <source>Codecs and secure dial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="113"/>
        <source>Up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="114"/>
        <source>Down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="119"/>
        <source>Codecs (preferred first):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="121"/>
        <source>Secure dial extension:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="126"/>
        <source>Terminator, pause:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="141"/>
        <source>Private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="141"/>
        <source>PEM keys (*.key *.pem);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="146"/>
        <source>Trusted public keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="146"/>
        <source>Public keys (*.pub *.pem);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::ui::AccountsPage</name>
    <message>
        <location filename="../../ui/accounts_page.cpp" line="22"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location filename="../../ui/accounts_page.cpp" line="23"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../../ui/accounts_page.cpp" line="52"/>
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <location filename="../../ui/accounts_page.cpp" line="108"/>
        <source>New account</source>
        <translation>Neues Konto</translation>
    </message>
</context>
<context>
    <name>iax::ui::AudioPage</name>
    <message>
        <location filename="../../ui/audio_page.cpp" line="22"/>
        <source>Play test tone</source>
        <translation>Testton abspielen</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="24"/>
        <source>Echo cancellation</source>
        <translation>Echounterdrückung</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="25"/>
        <source>Noise suppression</source>
        <translation>Rauschunterdrückung</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="38"/>
        <source>Microphone level</source>
        <translation>Mikrofonpegel</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="42"/>
        <source>Microphone:</source>
        <translation>Mikrofon:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="43"/>
        <source>Level:</source>
        <translation>Pegel:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="44"/>
        <source>Speaker:</source>
        <translation>Lautsprecher:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="46"/>
        <source>Ringer:</source>
        <translation>Klingeln:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="70"/>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="82"/>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="87"/>
        <source>%1 (not connected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="119"/>
        <source>The microphone cannot be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="145"/>
        <source>The test tone cannot be played: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::phone::CallHistory</name>
    <message>
        <location filename="../../ui/call_history.cpp" line="42"/>
        <source>The call history %1 cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_history.cpp" line="48"/>
        <source>The call history %1 is damaged and was ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_history.cpp" line="90"/>
        <source>The call history could not be written to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../core/phone/call_history.cpp" line="0"/>
        <source>failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::ui::CallItemDelegate</name>
    <message>
        <location filename="../../ui/call_item_delegate.cpp" line="87"/>
        <source>muted</source>
        <translation>stumm</translation>
    </message>
</context>
<context>
    <name>iax::ui::CallListModel</name>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="29"/>
        <source>Calling…</source>
        <translation>Ruft an…</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="29"/>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="32"/>
        <source>Incoming call</source>
        <translation>Eingehender Anruf</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="32"/>
        <source>Ringing</source>
        <translation>Klingelt</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="35"/>
        <source>In call</source>
        <translation>Im Gespräch</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="38"/>
        <source>On hold</source>
        <translation>Gehalten</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="41"/>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="44"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="48"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="109"/>
        <source>Encryption failed.</source>
        <translation>Verschlüsselung fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>iax::ui::CallPanel</name>
    <message>
        <location filename="../../ui/call_panel.cpp" line="55"/>
        <source>No call selected. Dial a number or pick a call from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="74"/>
        <source>Answer</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="76"/>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="77"/>
        <source>Hang up</source>
        <translation>Auflegen</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="78"/>
        <source>Hold</source>
        <translation>Halten</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="79"/>
        <source>Mute</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="80"/>
        <source>Keypad</source>
        <translation>Tastenfeld</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="86"/>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="177"/>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="190"/>
        <source>Microphone</source>
        <translation>Mikrofon</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="191"/>
        <source>Speaker</source>
        <translation>Lautsprecher</translation>
    </message>
</context>
<context>
    <name>iax::phone::CallTracker</name>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="172"/>
        <source>This call is not encrypted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="173"/>
        <location filename="../../ui/call_tracker.cpp" line="176"/>
        <source>the peer did not agree to encryption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="175"/>
        <source>Encryption is required but the call is not encrypted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="180"/>
        <source>Encryption failed.</source>
        <translation>Verschlüsselung fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="180"/>
        <location filename="../../ui/call_tracker.cpp" line="251"/>
        <source>Encryption failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="222"/>
        <source>busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="225"/>
        <source>congestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="228"/>
        <source>authentication failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="231"/>
        <source>peer unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="234"/>
        <source>timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="237"/>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="245"/>
        <source>Refused: encryption is required and was not agreed (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="246"/>
        <source>no reason given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/call_tracker.cpp" line="251"/>
        <source>frames could not be decrypted</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::ui::EncryptionDetailsDialog</name>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="17"/>
        <source>Call encryption</source>
        <translation>Verschlüsselung des Anrufs</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="37"/>
        <source>Nothing of this call is protected by encryption right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="39"/>
        <source>Only the secure dial extension travelled in clear in NEW; the destination number was sent as encrypted DTMF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="42"/>
        <source>The number you dialled (%1) travels in clear in the NEW frame that starts the call, unless secure dial is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="44"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="45"/>
        <source>Call numbers (source/destination call ids) stay in clear in every frame.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="46"/>
        <source>Packet sizes and timing are visible: an observer sees when and how much you talk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="47"/>
        <source>Your and the server&apos;s IP addresses and ports are visible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="56"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="57"/>
        <source>Cipher</source>
        <translation>Chiffre</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="58"/>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="59"/>
        <source>Key rotation</source>
        <translation>Schlüsselwechsel</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="59"/>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="59"/>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="60"/>
        <source>Rekeys sent / received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="60"/>
        <location filename="../../ui/encryption_details_dialog.cpp" line="61"/>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="61"/>
        <source>Frames encrypted / decrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="62"/>
        <source>Decrypt failures</source>
        <translation>Entschlüsselungsfehler</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="63"/>
        <source>Destination sent by secure dial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="63"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="63"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="66"/>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="68"/>
        <source>Failure</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="78"/>
        <location filename="../../ui/encryption_details_dialog.cpp" line="79"/>
        <source>What encryption does not hide</source>
        <translation>Was die Verschlüsselung nicht verbirgt</translation>
    </message>
</context>
<context>
    <name>iax::ui::EncryptionPresentation</name>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="9"/>
        <source>MD5, RSA unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="20"/>
        <source>Not encrypted</source>
        <translation>Nicht verschlüsselt</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="24"/>
        <source>This call is not encrypted: voice and digits can be read on the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="28"/>
        <source>Negotiating</source>
        <translation>Wird ausgehandelt</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="31"/>
        <source>Encryption is being set up; it is not proven in both directions yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="38"/>
        <source>Encrypted (%1)</source>
        <translation>Verschlüsselt (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="41"/>
        <source>Both directions are encrypted and proven. Click for details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="45"/>
        <source>Encryption failed</source>
        <translation>Verschlüsselung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="48"/>
        <source>Encryption failed.</source>
        <translation>Verschlüsselung fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>iax::ui::EnginePhoneController</name>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="121"/>
        <source>Sound device: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="137"/>
        <source>Call audio: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="162"/>
        <source>The sound device cannot be opened (%1); the call goes on without audio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="171"/>
        <source>No audio for this call: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="216"/>
        <source>The port %1 is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="223"/>
        <source>Cannot find the server &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="282"/>
        <source>%1: the private key %2 cannot be used: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="291"/>
        <source>%1: the public key %2 cannot be used: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="320"/>
        <source>There is no account with the id %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="361"/>
        <source>Choose an account before calling.</source>
        <translation>Wählen Sie vor dem Anruf ein Konto.</translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="366"/>
        <source>Enter a number to call.</source>
        <translation>Geben Sie eine Nummer ein.</translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="388"/>
        <source>Too many calls at once; hang up one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="423"/>
        <source>Only an answered call can be put on hold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="430"/>
        <source>The call could not be put on hold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="458"/>
        <source>&quot;%1&quot; is not a DTMF digit (0-9, *, #, A-D).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="462"/>
        <source>Digits can only be sent in an answered call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="469"/>
        <source>Digit not sent: this account requires encryption and the call is not encrypted yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/engine_phone_controller.cpp" line="489"/>
        <source>The sound device cannot be switched: %1; the previous one stays.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::ui::GeneralPage</name>
    <message>
        <location filename="../../ui/general_page.cpp" line="15"/>
        <source>Start minimised to the system tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="16"/>
        <source>Show desktop notifications for incoming calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="22"/>
        <source>Built-in tone</source>
        <translation>Eingebauter Ton</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="23"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="30"/>
        <source>Ringtone:</source>
        <translation>Klingelton:</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="32"/>
        <source>Ringtone</source>
        <translation>Klingelton</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="32"/>
        <source>Sounds (*.wav *.ogg *.flac);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="40"/>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
</context>
<context>
    <name>iax::ui::MainWindow</name>
    <message>
        <location filename="../../ui/main_window.cpp" line="140"/>
        <source>IAXPhone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="509"/>
        <source>Incoming call</source>
        <translation>Eingehender Anruf</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="509"/>
        <source>%1 is calling</source>
        <translation>%1 ruft an</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="510"/>
        <source>Incoming call from %1</source>
        <translation>Eingehender Anruf von %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="580"/>
        <source>Add an account in Settings before calling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="604"/>
        <source>Cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="616"/>
        <source>No account for %1:%2. Add one in Settings to call %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::ui::PortAudioSounds</name>
    <message>
        <location filename="../../ui/port_audio_sounds.cpp" line="115"/>
        <source>The ringtone cannot be played: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/port_audio_sounds.cpp" line="125"/>
        <source>The ringtone %1 cannot be read (%2); the built-in tone rings instead.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::phone::SecureDialer</name>
    <message>
        <location filename="../../ui/secure_dialer.cpp" line="39"/>
        <source>This account has no secure dial extension.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/secure_dialer.cpp" line="43"/>
        <source>Secure dial can only send digits 0-9, *, # and A-D; &quot;%1&quot; contains others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/secure_dialer.cpp" line="60"/>
        <source>Encryption was not confirmed in time; the destination was not sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/secure_dialer.cpp" line="63"/>
        <source>Waiting for encryption before sending the destination…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/secure_dialer.cpp" line="78"/>
        <source>encryption failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/secure_dialer.cpp" line="79"/>
        <source>The call could not be encrypted (%1); the destination was not sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/secure_dialer.cpp" line="84"/>
        <source>The call ended before the destination could be sent encrypted%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/secure_dialer.cpp" line="93"/>
        <source>the peer did not agree to encryption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/secure_dialer.cpp" line="94"/>
        <source>The call is not encrypted (%1); the destination was not sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/secure_dialer.cpp" line="102"/>
        <source>Call encrypted; sending the destination as encrypted DTMF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/secure_dialer.cpp" line="116"/>
        <source>Encryption was lost; the rest of the destination was not sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/secure_dialer.cpp" line="126"/>
        <source>Destination sent encrypted</source>
        <translation>Ziel verschlüsselt gesendet</translation>
    </message>
    <message>
        <location filename="../../ui/secure_dialer.cpp" line="150"/>
        <source>The call ended before the destination could be sent encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::ui::SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.cpp" line="32"/>
        <source>IAXPhone Settings</source>
        <translation>IAXPhone-Einstellungen</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.cpp" line="88"/>
        <source>Please correct:</source>
        <translation>Bitte korrigieren:</translation>
    </message>
</context>
<context>
    <name>iax::phone::SettingsValidator</name>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="34"/>
        <source>The account needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="36"/>
        <source>&quot;%1&quot; is not a valid host name or IP address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="38"/>
        <source>The port must be between 1 and 65535 (IAX2 uses 4569).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="40"/>
        <source>The user name is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="43"/>
        <source>Encryption needs the shared secret: the AES key is derived from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="46"/>
        <source>RSA+AES needs the shared secret too: RSA only authenticates, the AES key is derived from the secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="49"/>
        <source>RSA authentication needs a private key file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="51"/>
        <source>The private key file &quot;%1&quot; cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="55"/>
        <source>The public key file &quot;%1&quot; cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="58"/>
        <source>The key rotation interval must be 0 (automatic) to 86400 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="60"/>
        <source>Enable at least one codec.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="63"/>
        <source>Unknown codec &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="68"/>
        <source>Secure dial is on but the secure dial extension is missing or invalid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="70"/>
        <source>Secure dial needs encryption: set the encryption policy to opportunistic or required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="74"/>
        <source>The secure dial terminator must be # or * (or none).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="76"/>
        <source>The pause between secure dial digits must be 50 to 5000 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="79"/>
        <source>The key server URL must start with https:// and contain {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="88"/>
        <source>(unnamed account)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="90"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="92"/>
        <source>Two accounts are named &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_validator.cpp" line="96"/>
        <source>The ringtone file &quot;%1&quot; cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::phone::SingleInstance</name>
    <message>
        <location filename="../../core/phone/single_instance.cpp" line="64"/>
        <source>The single-instance socket %1 cannot be created: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::ui::AccountBar</name>
    <message>
        <location filename="../../ui/account_bar.cpp" line="0"/>
        <source>Not registered</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="0"/>
        <source>Registering…</source>
        <translation>Melde an…</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="0"/>
        <source>Registered</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="0"/>
        <source>Registration failed</source>
        <translation>Anmeldung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="0"/>
        <source>Account:</source>
        <translation>Konto:</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="0"/>
        <source>No account yet — add one in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="0"/>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="0"/>
        <source>Seen by the server as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="0"/>
        <source>Unregister</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="0"/>
        <source>Register</source>
        <translation>Anmelden</translation>
    </message>
</context>
<context>
    <name>iax::ui::DialPanel</name>
    <message>
        <location filename="../../ui/dial_panel.cpp" line="0"/>
        <source>Number or iax2: address</source>
        <translation>Nummer oder iax2:-Adresse</translation>
    </message>
    <message>
        <location filename="../../ui/dial_panel.cpp" line="0"/>
        <source>Call</source>
        <translation>Anrufen</translation>
    </message>
    <message>
        <location filename="../../ui/dial_panel.cpp" line="0"/>
        <source>Secure dial</source>
        <translation>Sicher wählen</translation>
    </message>
    <message>
        <location filename="../../ui/dial_panel.cpp" line="0"/>
        <source>Calls %1 and sends the number as encrypted DTMF once the call is encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dial_panel.cpp" line="0"/>
        <source>Set a secure dial extension for this account in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::ui::RecentCallsList</name>
    <message>
        <location filename="../../ui/recent_calls_list.cpp" line="0"/>
        <source>Double-click to call again</source>
        <translation>Doppelklick ruft erneut an</translation>
    </message>
    <message>
        <location filename="../../ui/recent_calls_list.cpp" line="0"/>
        <source>%1:%2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recent_calls_list.cpp" line="0"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recent_calls_list.cpp" line="0"/>
        <source> · secure dial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recent_calls_list.cpp" line="0"/>
        <source>This call was encrypted.</source>
        <translation>Dieser Anruf war verschlüsselt.</translation>
    </message>
    <message>
        <location filename="../../ui/recent_calls_list.cpp" line="0"/>
        <source>This call was not encrypted.</source>
        <translation>Dieser Anruf war nicht verschlüsselt.</translation>
    </message>
    <message>
        <location filename="../../ui/recent_calls_list.cpp" line="0"/>
        <source>No calls yet.</source>
        <translation>Noch keine Anrufe.</translation>
    </message>
</context>
<context>
    <name>iax::ui::TrayIcon</name>
    <message>
        <location filename="../../ui/tray_icon.cpp" line="0"/>
        <source>Show IAXPhone</source>
        <translation>IAXPhone zeigen</translation>
    </message>
    <message>
        <location filename="../../ui/tray_icon.cpp" line="0"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location filename="../../ui/tray_icon.cpp" line="0"/>
        <source>IAXPhone — %1 (%2 of %3 accounts registered)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::ui::LinkOpener</name>
    <message>
        <location filename="../../ui/link_opener.cpp" line="0"/>
        <source>Call</source>
        <translation>Anrufen</translation>
    </message>
</context>
<context>
    <name>iax::ui::MainMenus</name>
    <message>
        <location filename="../../ui/main_menus.cpp" line="0"/>
        <source>&amp;Phone</source>
        <translation>&amp;Telefon</translation>
    </message>
    <message>
        <location filename="../../ui/main_menus.cpp" line="0"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../ui/main_menus.cpp" line="0"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../ui/main_menus.cpp" line="0"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../ui/main_menus.cpp" line="0"/>
        <source>&amp;About IAXPhone</source>
        <translation>Ü&amp;ber IAXPhone</translation>
    </message>
    <message>
        <location filename="../../ui/main_menus.cpp" line="0"/>
        <source>About IAXPhone</source>
        <translation>Über IAXPhone</translation>
    </message>
    <message>
        <location filename="../../ui/main_menus.cpp" line="0"/>
        <source>&lt;b&gt;IAXPhone %1&lt;/b&gt;&lt;br&gt;An IAX2 softphone with AES-128 encryption that never claims more than is true.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>iax::ui::CallsCard</name>
    <message>
        <location filename="../../ui/calls_card.cpp" line="0"/>
        <source>Calls</source>
        <translation>Anrufe</translation>
    </message>
    <message>
        <location filename="../../ui/calls_card.cpp" line="0"/>
        <source>Recent calls</source>
        <translation>Letzte Anrufe</translation>
    </message>
</context>
</TS>
