"""Start-up refuses bad configuration with a clear message; production settings pass --deploy."""

import os
import subprocess
import sys

import pytest


def _run(args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DEBUG", "GONGKAI_MODE", "SECRET_KEY")
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"DATABASE_URL": "mysql-ish://nope"}, "DATABASE_URL"),
        ({"DATABASE_URL": "oracle://u@h/db"}, "DATABASE_URL"),
        ({"DEBUG": "yes"}, "DEBUG"),
        ({"GONGKAI_MODE": "staging"}, "GONGKAI_MODE"),
        ({"GONGKAI_MODE": "production"}, "SECRET_KEY"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
    ],
)
def test_bad_value_stops_startup_naming_the_variable(env, expected):
    result = _run(["check"], **env)
    assert result.returncode != 0
    assert expected in result.stderr
    assert "无效" in result.stderr or "必须" in result.stderr


def test_production_settings_pass_check_deploy(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        GONGKAI_MODE="production",
        SECRET_KEY="x" * 20 + "-production-secret-key-for-test-0123456789",
        ALLOWED_HOSTS="gk.example.gov.cn",
        GONGKAI_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_mode_generates_secret_once(tmp_path):
    first = _run(
        ["shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"],
        GONGKAI_VAR_DIR=str(tmp_path),
    )
    second = _run(
        ["shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"],
        GONGKAI_VAR_DIR=str(tmp_path),
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == second.stdout.strip()
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def _redis_reachable() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="Redis is not running at 127.0.0.1:6379")
def test_redis_url_selects_the_redis_cache(tmp_path):
    script = (
        "from django.core.cache import cache; from django.conf import settings; "
        "cache.set('gk-test', 'ok', 5); "
        "print(settings.CACHES['default']['BACKEND'], cache.get('gk-test'))"
    )
    result = _run(
        ["shell", "-c", script],
        REDIS_URL="redis://127.0.0.1:6379/15",
        GONGKAI_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.core.cache.backends.redis.RedisCache",
        "ok",
    ]
