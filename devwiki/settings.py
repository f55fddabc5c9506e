"""The PHP settings devwiki adds to each wiki's LocalSettings.php.

install.php writes LocalSettings.php once; it gets a single `require` line for
devwiki-settings.php, which `up` rewrites every time. So a changed port (or a
changed tweak here) reaches existing wikis without reinstalling them.
"""

from __future__ import annotations

from pathlib import Path

from devwiki.spec import Wiki

SETTINGS_FILE = "devwiki-settings.php"
_REQUIRE_LINE = f"require __DIR__ . '/{SETTINGS_FILE}';  # added by devwiki\n"


def _php_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def render(wiki: Wiki) -> str:
    return f"""<?php
# Written by devwiki on every `up`; edits here are lost. See devwiki/settings.py.
# Wiki {wiki.name} (language {wiki.lang}), served by `php -S` on {wiki.server}.

# Overrides install.php's value, which holds the port the wiki was created with.
$wgServer = {_php_string(wiki.server)};

# Debian's PlatformSettings.php points these at /var/cache and /var/log/mediawiki.
$wgCacheDirectory = __DIR__ . '/cache';
$wgDBerrorLog = __DIR__ . '/logs/dberror.log';
$wgDebugLogGroups = [
	'exception' => __DIR__ . '/logs/exception.log',
	'error' => __DIR__ . '/logs/error.log',
	'fatal' => __DIR__ . '/logs/fatal.log',
];
$wgShowExceptionDetails = true;

# No APCu: sessions live in SQLite (wikicache.sqlite), shared by the web server and
# the maintenance scripts, and survive `restore` (it keeps that file's sessions).
$wgMainCacheType = CACHE_NONE;
$wgSessionCacheType = CACHE_DB;
# Rendered HTML is cheap here and a cached copy could outlive `restore` (page and
# revision ids are reused after it), so do not keep one.
$wgParserCacheType = CACHE_NONE;

$wgEnableEmail = false;
$wgEnableUploads = false;

# Every client is 127.0.0.1, and tests edit fast: no throttles of any kind.
$wgRateLimits = [];
$wgPasswordAttemptThrottle = [];
$wgAccountCreationThrottle = [];
$wgGroupPermissions['*']['noratelimit'] = true;
$wgGroupPermissions['*']['createaccount'] = true;
$wgGroupPermissions['*']['edit'] = true;

# Imports queue link/category jobs; `import` runs runJobs.php right after.
$wgJobRunRate = 1;
# Imported revisions are old-dated; without this rebuildrecentchanges.php would
# drop them from recentchanges.
$wgRCMaxAge = 20 * 365 * 86400;

# synchronous=OFF: no fsync per write (raw API edit 48 -> 34 ms). Losing data on
# a power cut does not matter for a throw-away test wiki.
$wgDBservers = [ [
	'type' => 'sqlite', 'host' => '', 'dbname' => $wgDBname, 'user' => '',
	'password' => '', 'dbDirectory' => $wgSQLiteDataDir, 'load' => 1,
	'flags' => DBO_DEFAULT, 'variables' => [ 'synchronous' => 'OFF' ],
] ];

# Stand-in for Wikimedia's temporary accounts (~2026-12345-67, group temp), which
# MediaWiki 1.39 lacks: imported '~' users join this group (hook below).
$wgGroupPermissions['temp']['edit'] = true;

# importDump.php would credit authors without a local account to 'imported>Name'.
# Create the account instead, so revisions belong to a real local user, as on a
# wiki where the author registered. Returning false makes the importer look up
# the user again.
$wgHooks['ImportHandleUnknownUser'][] = static function ( $name ) {{
	$user = \\User::createNew( $name );
	if ( $user && str_starts_with( $name, '~' ) ) {{
		\\MediaWiki\\MediaWikiServices::getInstance()->getUserGroupManager()
			->addUserToGroup( $user, 'temp' );
	}}
	return $user === null;
}};
"""


def write(wiki_dir: Path, wiki: Wiki) -> None:
    """(Re)write devwiki-settings.php and make sure LocalSettings.php requires it."""
    (wiki_dir / SETTINGS_FILE).write_text(render(wiki), encoding="utf-8")
    local = wiki_dir / "LocalSettings.php"
    text = local.read_text(encoding="utf-8")
    if _REQUIRE_LINE not in text:
        local.write_text(text.rstrip("\n") + "\n\n" + _REQUIRE_LINE, encoding="utf-8")
