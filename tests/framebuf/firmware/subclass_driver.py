# A display driver in the style of micropython-lib's ssd1306: subclass, buffer sent later.
import framebuf


class Display(framebuf.FrameBuffer):
    def __init__(self, width, height):
        self.width = width
        self.height = height
        self.pages = height // 8
        self.buffer = bytearray(self.pages * width)
        super().__init__(self.buffer, self.width, self.height, framebuf.MONO_VLSB)
        self.sent = []

    def show(self):
        self.sent.append(bytes(self.buffer))


d = Display(32, 16)
d.fill(0)
d.text("Hi", 0, 0, 1)
d.rect(16, 0, 16, 16, 1)
d.ellipse(24, 8, 5, 5, 1, True)
d.show()
print(d.sent[0])
print(bytes(d) == d.sent[0], memoryview(d)[2], bytearray(d)[3], len(bytes(d)))
print(isinstance(d, framebuf.FrameBuffer), d.width, d.height)
d.scroll(0, -8)
d.show()
print(d.sent[1])
icon = framebuf.FrameBuffer(bytearray(b"\x18\x3c\x7e\xff\xff\x7e\x3c\x18"), 8, 8, framebuf.MONO_HLSB)
d.blit(icon, 3, 4, 0)
d.show()
print(d.sent[2])
print(isinstance(b"", bytes), isinstance(bytearray(1), bytearray), bytes.fromhex("0a0b"), bytearray(3))
