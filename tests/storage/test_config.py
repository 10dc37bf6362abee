import pytest

from ctb_desktop.storage.config import Config, ConfigError, SmtpSettings


def test_settings_are_kept_in_the_database_and_checked(demo_db):
    config = Config(demo_db)
    assert config.unit == ""
    config.set("unit", "UA-71")
    config.set("recipient", "ova@example.gov.ua")
    config.set_smtp(SmtpSettings("smtp.example.gov.ua", 465, "ssl", "rda", "rda@example.gov.ua"))
    again = Config(demo_db)
    assert again.unit == "UA-71"
    assert again.smtp == SmtpSettings(
        "smtp.example.gov.ua", 465, "ssl", "rda", "rda@example.gov.ua"
    )
    assert again.smtp.configured
    config.set("recipient", "")
    assert again.recipient == ""


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("unit", "UA-99", "немає в довіднику"),
        ("smtp.port", "70000", "від 1 до 65535"),
        ("smtp.security", "tls", "starttls, ssl або none"),
        ("recipient", "ова", "не схоже на адресу"),
        ("password", "secret", "Невідомий параметр"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_changes(demo_db, key, value, message):
    config = Config(demo_db)
    with pytest.raises(ConfigError, match=message):
        config.set(key, value)
    assert "password" not in str(demo_db.execute("SELECT * FROM setting").fetchall())
    assert config.get(key) == ""
