# `every=`: a value refreshed every second while the tab is open, and unload on close.
# Each connected tab ticks on its own; closing a tab stops its ticks and runs the unload
# function once. A slow refresh (trigger_mode "once") drops the ticks that come while it runs.
import gradio as gr

closed_tabs = []


def now_reading(n):
    return (n or 0) + 1


def goodbye():
    closed_tabs.append("a tab")


with gr.Blocks(title="Every second") as demo:
    count = gr.Number(label="Ticks seen", value=0)
    demo.load(now_reading, count, count, every=1)
    demo.unload(goodbye)
