"""devwiki: a farm of real MediaWiki 1.39 wikis on 127.0.0.1 for contestbot's tests and demo.

Each wiki is a folder with its own LocalSettings.php and SQLite files, served by
`php -S` on its own loopback port from Debian's single /usr/share/mediawiki copy.
See shared/docs/local-mediawiki.md for the facts this is built on.
"""

from devwiki.dump import Page, Revision, to_xml
from devwiki.farm import Farm, FarmError
from devwiki.spec import Wiki

__all__ = ["Farm", "FarmError", "Page", "Revision", "Wiki", "to_xml"]
