<# : batch portion
@REM ----------------------------------------------------------------------------
@REM The Maven wrapper for Windows: what ./mvnw does, for cmd.exe and PowerShell.
@REM
@REM Runs the Maven pinned in .mvn\wrapper\maven-wrapper.properties, installed once under
@REM %MAVEN_USER_HOME%\wrapper\dists (default %USERPROFILE%\.m2\wrapper\dists). The properties name a repository path,
@REM no host: the pinned Maven is fetched as an ordinary artifact (org.apache.maven:apache-maven:<version>:zip:bin) by
@REM the Maven already on this machine, through its own settings.xml (mirrors, proxies), and its SHA-256 is checked
@REM against distributionSha256Sum before it is unpacked.
@REM
@REM   MVNW_REPOURL                 a repository URL to download it from instead (no mvn needed then)
@REM   MVNW_USERNAME, MVNW_PASSWORD credentials for MVNW_REPOURL
@REM   MVNW_VERBOSE=true            say what it does
@REM
@REM A batch file that is also a PowerShell script (the batch part is a PowerShell comment; PowerShell reads the file
@REM again and runs the part after it), the layout the Apache Maven Wrapper's own mvnw.cmd uses.
@REM Written for Windows 10 and later (PowerShell 5.1); it has not been tried on Windows by the kit's authors.
@REM ----------------------------------------------------------------------------
@IF "%__MVNW_ARG0_NAME__%"=="" (SET __MVNW_ARG0_NAME__=%~nx0)
@SET __MVNW_CMD__=
@SET __MVNW_ERROR__=
@SET __MVNW_PSMODULEP_SAVE=%PSModulePath%
@SET PSModulePath=
@FOR /F "usebackq tokens=1* delims==" %%A IN (`powershell -noprofile "& {$scriptDir='%~dp0'; $script='%__MVNW_ARG0_NAME__%'; icm -ScriptBlock ([Scriptblock]::Create((Get-Content -Raw '%~f0'))) -NoNewScope}"`) DO @(
  IF "%%A"=="MVN_CMD" (set __MVNW_CMD__=%%B) ELSE IF "%%B"=="" (echo %%A) ELSE (echo %%A=%%B)
)
@SET PSModulePath=%__MVNW_PSMODULEP_SAVE%
@SET __MVNW_PSMODULEP_SAVE=
@SET __MVNW_ARG0_NAME__=
@SET MVNW_USERNAME=
@SET MVNW_PASSWORD=
@IF NOT "%__MVNW_CMD__%"=="" ("%__MVNW_CMD__%" %*)
@IF "%__MVNW_CMD__%"=="" (echo mvnw: cannot start the pinned Maven, see the message above >&2 & exit /b 1)
@GOTO :EOF
: end batch / begin powershell #>

$ErrorActionPreference = "Stop"
if ($env:MVNW_VERBOSE -eq "true") {
  $VerbosePreference = "Continue"
}

# The pinned distribution: distributionUrl (a repository path) and distributionSha256Sum.
$properties = Join-Path $scriptDir ".mvn\wrapper\maven-wrapper.properties"
$distributionUrl = $null
$distributionSha256Sum = $null
foreach ($line in Get-Content -LiteralPath $properties) {
  if ($line -match '^\s*distributionUrl\s*=\s*(.+?)\s*$') { $distributionUrl = $Matches[1] }
  if ($line -match '^\s*distributionSha256Sum\s*=\s*(.+?)\s*$') { $distributionSha256Sum = $Matches[1] }
}
if (!$distributionUrl) {
  Write-Error "mvnw: cannot read distributionUrl in $properties"
}

# MVNW_REPOURL replaces everything before the artifact's path, as in ./mvnw.
$repoPattern = "/org/apache/maven/"
if ($env:MVNW_REPOURL) {
  $at = $distributionUrl.IndexOf($repoPattern)
  $distributionUrl = $env:MVNW_REPOURL.TrimEnd('/') + $distributionUrl.Substring($at)
}
# A distributionUrl that is only a repository path (no host) is fetched with the machine's own Maven.
$fetchWithMaven = $distributionUrl.StartsWith("/")

$distributionUrlName = $distributionUrl.Substring($distributionUrl.LastIndexOf('/') + 1)
if ($distributionUrlName -notlike "*-bin.zip") {
  Write-Error "mvnw: distributionUrl must end in -bin.zip, but is $distributionUrl"
}
$distributionUrlNameMain = $distributionUrlName -replace '\.zip$', '' -replace '-bin$', ''
$version = $distributionUrlNameMain -replace '^apache-maven-', ''

$mavenUserHome = if ($env:MAVEN_USER_HOME) { $env:MAVEN_USER_HOME } else { Join-Path $HOME ".m2" }
$md5 = [System.Security.Cryptography.MD5]::Create()
$hash = -join ($md5.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($distributionUrl)) | ForEach-Object { $_.ToString("x2") })
$mavenHomeParent = Join-Path $mavenUserHome "wrapper\dists\$distributionUrlNameMain"
$mavenHome = Join-Path $mavenHomeParent $hash

if (Test-Path -LiteralPath (Join-Path $mavenHome "bin\mvn.cmd")) {
  Write-Verbose "found $mavenHome"
  Write-Output "MVN_CMD=$mavenHome\bin\mvn.cmd"
  exit 0
}

$tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("mvnw-" + [System.Guid]::NewGuid().ToString("N"))
New-Item -ItemType Directory -Path $tmp | Out-Null
try {
  $zip = Join-Path $tmp $distributionUrlName
  if ($fetchWithMaven) {
    $mvn = Get-Command mvn.cmd, mvn -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (!$mvn) {
      Write-Error ("mvnw: the pinned Maven ($distributionUrlNameMain) is fetched through a Maven already on this " +
        "machine, and there is none: install one (any 3.8+) and put its bin folder on the PATH, or set MVNW_REPOURL " +
        "to the URL of a Maven repository")
    }
    Write-Verbose "fetching org.apache.maven:apache-maven:${version}:zip:bin with $($mvn.Source)"
    $log = Join-Path $tmp "fetch.log"
    # Through cmd.exe so that mvn.cmd's exit code comes back; its output goes to a log, shown only when it fails.
    & cmd.exe /c "`"$($mvn.Source)`" -q -B -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy -Dartifact=org.apache.maven:apache-maven:${version}:zip:bin `"-DoutputDirectory=$tmp`" > `"$log`" 2>&1"
    if ($LASTEXITCODE -ne 0 -or !(Test-Path -LiteralPath $zip)) {
      Get-Content -LiteralPath $log | Write-Host
      Write-Error "mvnw: could not fetch $distributionUrlNameMain with $($mvn.Source)"
    }
  } else {
    Write-Verbose "downloading $distributionUrl"
    [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
    $client = New-Object System.Net.WebClient
    if ($env:MVNW_USERNAME -and $env:MVNW_PASSWORD) {
      $client.Credentials = New-Object System.Net.NetworkCredential($env:MVNW_USERNAME, $env:MVNW_PASSWORD)
    }
    $client.DownloadFile($distributionUrl, $zip)
  }

  if ($distributionSha256Sum) {
    $actual = (Get-FileHash -LiteralPath $zip -Algorithm SHA256).Hash
    if ($actual -ne $distributionSha256Sum.ToUpperInvariant()) {
      Write-Error ("mvnw: the SHA-256 of $distributionUrlName is $actual, not the distributionSha256Sum in " +
        "$properties: the download may be compromised (or the pin was changed without its checksum)")
    }
  }

  Expand-Archive -LiteralPath $zip -DestinationPath $tmp
  New-Item -ItemType Directory -Force -Path $mavenHomeParent | Out-Null
  try {
    Move-Item -LiteralPath (Join-Path $tmp $distributionUrlNameMain) -Destination $mavenHome
  } catch {
    # Another mvnw unpacked the same Maven at the same time: theirs will do.
    if (!(Test-Path -LiteralPath (Join-Path $mavenHome "bin\mvn.cmd"))) {
      Write-Error "mvnw: cannot move the unpacked Maven to ${mavenHome}: $_"
    }
  }
} finally {
  Remove-Item -Recurse -Force -LiteralPath $tmp -ErrorAction SilentlyContinue
}

Write-Output "MVN_CMD=$mavenHome\bin\mvn.cmd"
