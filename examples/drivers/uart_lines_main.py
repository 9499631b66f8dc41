# Answers PING, ADD a b; anything else is an error.
import time
from uart_lines import LineLink

link = LineLink()
while True:
    while link.lines:
        words = link.lines.pop(0).split()
        if words == ["PING"]:
            link.reply("PONG")
        elif len(words) == 3 and words[0] == "ADD":
            link.reply(str(int(words[1]) + int(words[2])))
        else:
            link.reply("ERR unknown command")
    time.sleep_ms(1)
