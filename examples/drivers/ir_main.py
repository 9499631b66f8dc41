# Prints every key the NEC decoder reports (TSOP OUT on GP17).
from nec_ir import NEC, REPEAT, BAD


def on_key(cmd, addr):
    if cmd == REPEAT:
        print("repeat")
    elif cmd == BAD:
        print("bad frame", addr)
    else:
        print("key addr 0x%04x cmd 0x%02x" % (addr, cmd))


ir = NEC(17, on_key)
