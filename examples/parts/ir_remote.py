# NEC remote through a TSOP receiver on GP17, decoded by the NEC driver.
from nec_ir import NEC, REPEAT


def on_key(cmd, addr):
    if cmd == REPEAT:
        print("repeat")
    else:
        print("key", addr, cmd)


ir = NEC(17, on_key)
