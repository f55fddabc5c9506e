"""The accounts every farm wiki has. Fixed values: the wikis only listen on 127.0.0.1."""

ADMIN_USER = "Admin"  # created by install.php: sysop and bureaucrat
ADMIN_PASSWORD = "AdminPass-12345"
BOT_USER = "ContestBot"  # in the bot group
BOT_MAIN_PASSWORD = "ContestBotPass-12345"
BOT_APPID = "test"  # pywikibot logs in as ContestBot@test
BOT_PASSWORD = "contestbot0devwiki0local0test032"  # createBotPassword.php wants exactly 32 chars
BOT_GRANTS = (
    "basic,highvolume,editpage,createeditmovepage,editprotected,delete,import,"
    "patrol,protect,rollback"
)

assert len(BOT_PASSWORD) == 32
