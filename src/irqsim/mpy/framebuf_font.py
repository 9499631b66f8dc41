"""The 8x8 font ``FrameBuffer.text()`` draws: MicroPython's ``font_petme128_8x8`` (ASCII 32..127).

Each glyph is 8 bytes, one per column left to right, least significant bit at the top
(extmod/modframebuf.c draws it column by column). The glyph data is taken from
extmod/font_petme128_8x8.h of MicroPython (commit b0a1b60a9b, 2022-05-05), which carries this
licence; it is reproduced here as required:

    The MIT License (MIT)

    Copyright (c) 2013, 2014 Damien P. George

    Permission is hereby granted, free of charge, to any person obtaining a copy
    of this software and associated documentation files (the "Software"), to deal
    in the Software without restriction, including without limitation the rights
    to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
    copies of the Software, and to permit persons to whom the Software is
    furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in
    all copies or substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
    IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
    FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
    LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
    OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
    THE SOFTWARE.
"""

from __future__ import annotations

FIRST_CODE = 32     # codes below 32 and above 127 draw glyph 127 (modframebuf.c framebuf_text)
LAST_CODE = 127
GLYPH_BYTES = 8

FONT_PETME128_8X8 = bytes.fromhex(
    "0000000000000000"  # 32 ' '
    "0000004f4f000000"  # 33 '!'
    "0007070000070700"  # 34 '"'
    "147f7f14147f7f14"  # 35 '#'
    "00242e6b6b3a1200"  # 36 '$'
    "006333180c666300"  # 37 '%'
    "00327f4d4d777250"  # 38 '&'
    "0000000406030100"  # 39 "'"
    "00001c3e63410000"  # 40 '('
    "000041633e1c0000"  # 41 ')'
    "082a3e1c1c3e2a08"  # 42 '*'
    "0008083e3e080800"  # 43 '+'
    "000080e060000000"  # 44 ','
    "0008080808080800"  # 45 '-'
    "0000006060000000"  # 46 '.'
    "00406030180c0602"  # 47 '/'
    "003e7f49457f3e00"  # 48 '0'
    "0040447f7f404000"  # 49 '1'
    "00627351494f4600"  # 50 '2'
    "00226349497f3600"  # 51 '3'
    "00181814167f7f10"  # 52 '4'
    "00276745457d3900"  # 53 '5'
    "003e7f49497b3200"  # 54 '6'
    "000303797d070300"  # 55 '7'
    "00367f49497f3600"  # 56 '8'
    "00266f49497f3e00"  # 57 '9'
    "0000002424000000"  # 58 ':'
    "000080e464000000"  # 59 ';'
    "00081c3663414100"  # 60 '<'
    "0014141414141400"  # 61 '='
    "00414163361c0800"  # 62 '>'
    "00020351590f0600"  # 63 '?'
    "003e7f414d4f2e00"  # 64 '@'
    "007c7e0b0b7e7c00"  # 65 'A'
    "007f7f49497f3600"  # 66 'B'
    "003e7f4141632200"  # 67 'C'
    "007f7f41633e1c00"  # 68 'D'
    "007f7f4949414100"  # 69 'E'
    "007f7f0909010100"  # 70 'F'
    "003e7f41497b3a00"  # 71 'G'
    "007f7f08087f7f00"  # 72 'H'
    "0000417f7f410000"  # 73 'I'
    "002060417f3f0100"  # 74 'J'
    "007f7f1c36634100"  # 75 'K'
    "007f7f4040404000"  # 76 'L'
    "007f7f060c067f7f"  # 77 'M'
    "007f7f0e1c7f7f00"  # 78 'N'
    "003e7f41417f3e00"  # 79 'O'
    "007f7f09090f0600"  # 80 'P'
    "001e3f21617f5e00"  # 81 'Q'
    "007f7f19396f4600"  # 82 'R'
    "00266f49497b3200"  # 83 'S'
    "0001017f7f010100"  # 84 'T'
    "003f7f40407f3f00"  # 85 'U'
    "001f3f60603f1f00"  # 86 'V'
    "007f7f3018307f7f"  # 87 'W'
    "0063771c1c776300"  # 88 'X'
    "00070f78780f0700"  # 89 'Y'
    "006171594d474300"  # 90 'Z'
    "00007f7f41410000"  # 91 '['
    "0002060c18306040"  # 92 '\\'
    "000041417f7f0000"  # 93 ']'
    "00080c06060c0800"  # 94 '^'
    "c0c0c0c0c0c0c0c0"  # 95 '_'
    "0000010306040000"  # 96 '`'
    "00207454547c7800"  # 97 'a'
    "007f7f44447c3800"  # 98 'b'
    "00387c44446c2800"  # 99 'c'
    "00387c44447f7f00"  # 100 'd'
    "00387c54545c5800"  # 101 'e'
    "00087e7f09030200"  # 102 'f'
    "0098bca4a4fc7c00"  # 103 'g'
    "007f7f04047c7800"  # 104 'h'
    "0000007d7d000000"  # 105 'i'
    "0040c08080fd7d00"  # 106 'j'
    "007f7f30386c4400"  # 107 'k'
    "0000417f7f400000"  # 108 'l'
    "007c7c1830187c7c"  # 109 'm'
    "007c7c04047c7800"  # 110 'n'
    "00387c44447c3800"  # 111 'o'
    "00fcfc24243c1800"  # 112 'p'
    "00183c2424fcfc00"  # 113 'q'
    "007c7c04040c0800"  # 114 'r'
    "00485c5454742000"  # 115 's'
    "04043f7f44642000"  # 116 't'
    "003c7c40407c3c00"  # 117 'u'
    "001c3c60603c1c00"  # 118 'v'
    "001c7c3018307c1c"  # 119 'w'
    "00446c38386c4400"  # 120 'x'
    "009cbca0a0fc7c00"  # 121 'y'
    "004464745c4c4400"  # 122 'z'
    "0008083e77414100"  # 123 '{'
    "000000ffff000000"  # 124 '|'
    "004141773e080800"  # 125 '}'
    "0002030103020301"  # 126 '~'
    "aa55aa55aa55aa55"  # 127 (shown for codes outside 32..127)
)
assert len(FONT_PETME128_8X8) == (LAST_CODE - FIRST_CODE + 1) * GLYPH_BYTES
