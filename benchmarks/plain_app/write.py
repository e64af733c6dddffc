import streamlit as st

st.title("Write")
st.markdown("Write a short note; its words are counted when you leave the box.")
channel = st.radio("Channel", ["Email", "LinkedIn"], horizontal=True)
text = st.text_area("Your note", height=120)
st.caption(f"{len(text.split())} words for {channel}")
st.button("Check again")
