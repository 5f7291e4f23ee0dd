# An example provisioning script for the nightly baseline (--provision / the provision input): it runs in the
# guest after Windows Update, as the image's administrator over SSH, with the BAKE_IMAGE_* variables set.
# Replace the body with your own tooling; exit 3010 when it needs a restart before the next script.
$ErrorActionPreference = 'Stop'
Write-Output "Provisioning $env:BAKE_IMAGE_EDITION ($env:BAKE_IMAGE_OS, $env:BAKE_IMAGE_FIRMWARE), base $env:BAKE_IMAGE_BASE"
New-Item -ItemType Directory -Force -Path 'C:\ProgramData\baseline' | Out-Null
Set-Content -LiteralPath 'C:\ProgramData\baseline\build-id.txt' -Value "$env:BAKE_IMAGE_BUILD_ID"
Write-Output 'Wrote C:\ProgramData\baseline\build-id.txt'
