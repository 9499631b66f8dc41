"""Two I2C chips at one address on one bus (DS3231 + MPU6050 at 0x68): an error, not a silent pick.

Before: the first attached target answered alone, so the firmware read the MPU6050 and the
DS3231 vanished; `irqsim check` said ok. On the bench both ACK and drive SDA together.
"""

from __future__ import annotations

import pytest

from irqsim.errors import ScenarioError
from irqsim.sim import build

FW = """from machine import Pin, I2C
i2c = I2C(0, scl=Pin(5), sda=Pin(4))
print(i2c.scan())
"""

SCENARIO = """schema = 1
firmware = "main.py"
duration = "10ms"
wires = [["imu:scl", "GP5"], ["imu:sda", "GP4"], ["rtc:scl", "GP5"], ["rtc:sda", "GP4"]]

[[parts]]
id = "imu"
type = "mpu6050"
{imu}
[[parts]]
id = "rtc"
type = "ds3231"
"""


@pytest.fixture
def scenario(tmp_path):
    def write(imu_extra: str = ""):
        (tmp_path / "main.py").write_text(FW, encoding="utf-8")
        p = tmp_path / "s.toml"
        p.write_text(SCENARIO.format(imu=imu_extra), encoding="utf-8")
        return p

    return write


def test_run_refuses_two_targets_at_one_address(scenario):
    with pytest.raises(ScenarioError, match=r"'imu' \(mpu6050\) and 'rtc' \(ds3231\) both answer I2C address 0x68"):
        build(scenario())


def test_check_lists_the_clash(scenario, run_cli):
    rc, _, err = run_cli("check", scenario())
    assert rc == 2 and "both answer I2C address 0x68 on SCL GP5/SDA GP4" in err


def test_other_address_or_unplugged_is_fine(scenario, run_cli):
    r = build(scenario("address = 0x69")).run()
    assert [line for _, line in r.stdout] == ["[104, 105]"]
    assert build(scenario("present = false")).run().stdout[0][1] == "[104]"
    assert run_cli("check", scenario("address = 0x69"))[0] == 0


def test_cli_parts_clash_is_a_json_error(run_cli, firmware, strict_json):
    rc, out, _ = run_cli("run", firmware(FW), "--json", "--duration", "5ms",
                         "--part", "mpu6050:scl=GP5,sda=GP4", "--part", "ds3231:scl=GP5,sda=GP4")
    assert rc == 2 and strict_json(out)["error"]["type"] == "ScenarioError"
