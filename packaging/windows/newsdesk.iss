; Inno Setup script for newsdesk on Windows (Inno Setup 6.2 or newer).
;
; Build the app first, on Windows, optionally with the newsroom's profile baked in:
;   .venv\Scripts\python packaging\build.py --profile newsroom.toml
; build.py runs this script itself when iscc.exe is on PATH; by hand:
;   iscc /DAppVersion=0.1.0 packaging\windows\newsdesk.iss
; Output: dist\newsdesk-VERSION-windows-x64-setup.exe
;
; A per-user install (no administrator rights): the app goes to
; %LOCALAPPDATA%\Programs\newsdesk, the .newsdesk association to
; HKCU\Software\Classes. The baked profile travels inside dist\newsdesk
; (_internal\newsdesk\resources\profile\baked.toml), so it needs no entry here.
;
; NOT VERIFIED: written and reviewed on Linux; no Windows machine was available.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "newsdesk"
#define AppId "org.newsdesk.Newsdesk"
#define ProgId "org.newsdesk.Newsdesk.document"
#define MimeType "application/x-newsdesk"
#define Root "..\.."

[Setup]
; The uninstall key; keep it the application id so upgrades replace the old version.
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The newsdesk developers
AppPublisherURL=https://newsdesk.example.org/
DefaultDirName={userpf}\{#AppName}
DisableDirPage=auto
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
OutputDir={#Root}\dist
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\resources\icons\newsdesk.ico
UninstallDisplayIcon={app}\{#AppName}.exe
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; newsdesk.exe (windowed editor), newsdesk-cli.exe (console: export, check, profile show)
; and _internal\ with Python, Qt, Qt WebEngine and newsdesk's resources.
Source: "{#Root}\dist\{#AppName}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppName}.exe"; AppUserModelID: "{#AppId}"; Comment: "Write news articles with a live portal preview"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppName}.exe"; AppUserModelID: "{#AppId}"; Tasks: desktopicon

[Registry]
; .newsdesk documents open in newsdesk on double-click (per user, HKCU).
Root: HKCU; Subkey: "Software\Classes\.newsdesk"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.newsdesk"; ValueType: string; ValueName: "Content Type"; ValueData: "{#MimeType}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.newsdesk\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "newsdesk article"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppName}.exe,0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppName}.exe"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppName}.exe\SupportedTypes"; ValueType: string; ValueName: ".newsdesk"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppName}.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
