# A streaming generator and a Stop button that cancels it.
# The story: the reply streams a word per second; Stop at t=3.5 ends it for the user at once;
# the step that was running finishes and is dropped; no further step runs.
import gradio as gr

WORDS = "the quick brown fox jumps over the lazy dog".split()


def stream(question):
    reply = ""
    for word in WORDS:
        reply = f"{reply} {word}".strip()
        yield reply


with gr.Blocks(title="Cancel a generator") as demo:
    question = gr.Textbox(label="Question", value="tell me a story")
    ask = gr.Button("Ask")
    stop = gr.Button("Stop", variant="stop")
    answer = gr.Textbox(label="Answer")
    streaming = ask.click(stream, question, answer)
    stop.click(None, cancels=[streaming])
