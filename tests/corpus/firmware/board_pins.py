# Pin naming styles: Pin.board.*, Pin("LED"), machine.Pin(2, machine.Pin.IN, machine.Pin.PULL_UP).
import machine
from machine import Pin, Signal

led = Pin.board.LED
led.init(Pin.OUT)
led.on()
b = machine.Pin(2, machine.Pin.IN, machine.Pin.PULL_UP)
gp = Pin.board.GP3
s = Signal(Pin(4, Pin.OUT), invert=True)
s.on()
print(led.value(), b.value(), gp, Pin(4).value())
print(Pin("LED"))
